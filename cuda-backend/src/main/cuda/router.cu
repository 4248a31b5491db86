// Router of Mixtral, Qwen2/3-MoE and OLMoE, as model-lib moe/SoftmaxTopKRouter: p = softmax(logits)
// in float32 over all experts, the k largest p (descending; ties -> lower expert id), divided by
// their sum when normalize != 0. One warp per token; lanes own experts lane, lane + 32, ...
// grid (ceil(tokens / 4)), block 128.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(128)
router_softmax_topk(const float* __restrict__ logits, int* __restrict__ experts, float* __restrict__ weights,
                    int tokens, int numExperts, int k, int normalize) {
    int t = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (t >= tokens) {
        return;
    }
    const float* z = logits + (size_t) t * numExperts;
    float m = -INFINITY;
    for (int e = lane; e < numExperts; e += 32) {
        m = fmaxf(m, z[e]);
    }
    m = warp_max(m);
    float sum = 0.f;
    for (int e = lane; e < numExperts; e += 32) {
        sum += expf(z[e] - m);
    }
    sum = warp_sum(sum);
    unsigned long long taken = 0ull; // bit e/32 of lane's experts: already chosen (numExperts <= 2048)
    float chosenSum = 0.f;
    for (int s = 0; s < k; s++) {
        float best = -1.f;
        int bestE = 0x7fffffff;
        for (int e = lane, i = 0; e < numExperts; e += 32, i++) {
            float p = ((taken >> i) & 1ull) ? -1.f : expf(z[e] - m);
            if (p > best) { // ascending e: the first maximum of this lane is its lowest id
                best = p;
                bestE = e;
            }
        }
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            float ob = __shfl_xor_sync(0xffffffffu, best, o);
            int oe = __shfl_xor_sync(0xffffffffu, bestE, o);
            if (ob > best || (ob == best && oe < bestE)) {
                best = ob;
                bestE = oe;
            }
        }
        if ((bestE & 31) == lane) {
            taken |= 1ull << (bestE >> 5);
        }
        float prob = best / sum;
        chosenSum += prob;
        if (lane == 0) {
            experts[t * k + s] = bestE;
            weights[t * k + s] = prob;
        }
    }
    if (normalize && lane == 0) {
        for (int s = 0; s < k; s++) {
            weights[t * k + s] /= chosenSum;
        }
    }
}
