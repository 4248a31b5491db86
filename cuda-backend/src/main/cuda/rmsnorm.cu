// HF RMSNorm in float32: out[r, i] = w[i] * x[r, i] / sqrt(mean(x[r, :]^2) + eps).
// grid (rows), block 256; in place when out == x.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(256)
rms_norm(const float* x, const float* __restrict__ w, float* out, int rows, int n, float eps) {
    __shared__ float scratch[32];
    int r = blockIdx.x;
    if (r >= rows) {
        return;
    }
    const float* xr = x + (size_t) r * n;
    float ss = 0.f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = xr[i];
        ss += v * v;
    }
    float total = block_sum(ss, scratch);
    float inv = rsqrtf(total / (float) n + eps);
    float* o = out + (size_t) r * n;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        o[i] = w[i] * (xr[i] * inv);
    }
}
