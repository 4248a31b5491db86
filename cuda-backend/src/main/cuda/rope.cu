// Rotary position embedding, HF rotate_half (GPT-NeoX) convention, as model-lib forward/Rope:
// dims i and i + d/2 of each head form a pair rotated by angle = float(pos) * inv_freq[i]
// (float32, as HF), x' = x * cos + rotate_half(x) * sin, cos and sin times the attention factor
// (yarn; 1 otherwise). x is [tokens, rowWidth], heads of headDim starting at column 0.
// grid (tokens), block 128.
#include "common.cuh"

extern "C" __global__ void rope_halves(float* __restrict__ x, const int* __restrict__ positions,
                                       const float* __restrict__ invFreq, float attentionFactor,
                                       int tokens, int heads, int headDim, int rowWidth) {
    int t = blockIdx.x;
    if (t >= tokens) {
        return;
    }
    int half = headDim / 2;
    float pos = (float) positions[t];
    float* row = x + (size_t) t * rowWidth;
    for (int e = threadIdx.x; e < heads * half; e += blockDim.x) {
        int h = e / half;
        int i = e % half;
        float angle = pos * invFreq[i];
        float s, c;
        sincosf(angle, &s, &c);
        c *= attentionFactor;
        s *= attentionFactor;
        float* b = row + h * headDim;
        float x1 = b[i];
        float x2 = b[i + half];
        b[i] = x1 * c - x2 * s;
        b[i + half] = x2 * c + x1 * s;
    }
}
