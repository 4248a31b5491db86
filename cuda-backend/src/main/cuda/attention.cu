// Decode attention over the paged KV cache, as model-lib forward/CausalAttention: each (token,
// query head) attends over its sequence's cached keys/values at positions [first, pos], first =
// max(0, pos - window + 1) with a sliding window, else 0; scores q.k * scale, softmax in float32
// with the maximum subtracted, out = sum p_j v_j. GQA: query head h reads kv head
// h / (heads / kvHeads). The cache is model-lib kv/KvCache's layout for one layer: blocks of
// blockSize rows of rowWidth floats; key of kv head g at position p is
// keys[blockTable[p / blockSize]][(p % blockSize) * rowWidth + g * keyDim ..]; values alike with
// valueDim (for absorbed MLA values alias keys: pass the key pool twice, valueDim = kv_lora_rank).
// grid (tokens * heads), block 128, dynamic shared memory (maxContext) floats for the scores.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(128)
paged_attention(const float* __restrict__ q, const float* __restrict__ keys, const float* __restrict__ values,
                const int* __restrict__ blockTables, const int* __restrict__ positions, float* __restrict__ out,
                int heads, int kvHeads, int keyDim, int valueDim, int blockSize, int rowWidth,
                int maxBlocksPerToken, int window, float scale) {
    extern __shared__ float scores[];
    __shared__ float scratch[32];
    int t = blockIdx.x / heads;
    int h = blockIdx.x % heads;
    int pos = positions[t];
    int first = window > 0 ? max(0, pos - window + 1) : 0;
    int n = pos - first + 1;
    int g = h / (heads / kvHeads);
    const int* table = blockTables + (size_t) t * maxBlocksPerToken;
    const float* qr = q + (size_t) t * heads * keyDim + h * keyDim;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int warps = blockDim.x >> 5;
    for (int j = warp; j < n; j += warps) { // one warp per position, lanes over the key
        int p = first + j;
        const float* kr = keys + ((size_t) table[p / blockSize] * blockSize + p % blockSize) * rowWidth + g * keyDim;
        float d = 0.f;
        for (int i = lane; i < keyDim; i += 32) {
            d += qr[i] * kr[i];
        }
        d = warp_sum(d);
        if (lane == 0) {
            scores[j] = d * scale;
        }
    }
    __syncthreads();
    float m = -INFINITY;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        m = fmaxf(m, scores[j]);
    }
    m = warp_max(m);
    if (lane == 0) {
        scratch[warp] = m;
    }
    __syncthreads();
    m = -INFINITY;
    for (int i = 0; i < warps; i++) {
        m = fmaxf(m, scratch[i]);
    }
    __syncthreads();
    float s = 0.f;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        float e = expf(scores[j] - m);
        scores[j] = e;
        s += e;
    }
    float total = block_sum(s, scratch); // its barriers also publish the exponentials
    float inv = 1.f / total;
    float* o = out + (size_t) t * heads * valueDim + h * valueDim;
    for (int d = threadIdx.x; d < valueDim; d += blockDim.x) {
        float acc = 0.f;
        for (int j = 0; j < n; j++) {
            int p = first + j;
            const float* vr = values + ((size_t) table[p / blockSize] * blockSize + p % blockSize) * rowWidth + g * valueDim;
            acc += scores[j] * vr[d];
        }
        o[d] = acc * inv;
    }
}
