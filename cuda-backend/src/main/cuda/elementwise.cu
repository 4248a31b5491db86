// Elementwise and row-movement kernels of the expert FFN and of GEMM inputs.
#include "common.cuh"

// out[i] = bf16(in[i]): the tensor-core GEMM's activation operand.
extern "C" __global__ void f32_to_bf16(const float* __restrict__ in, uint16_t* __restrict__ out, long long n) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        out[i] = float_to_bf16_bits(in[i]);
    }
}

// out[r, :] = bf16(x[rowToken[r], :]): each (token, physical expert) row of a layer step reads its
// token's hidden state, grouped by expert (the host orders rows by group). grid (rows), block 256.
extern "C" __global__ void gather_rows_bf16(const float* __restrict__ x, const int* __restrict__ rowToken,
                                            uint16_t* __restrict__ out, int rows, int hidden) {
    int r = blockIdx.x;
    if (r >= rows) {
        return;
    }
    const float* src = x + (size_t) rowToken[r] * hidden;
    uint16_t* dst = out + (size_t) r * hidden;
    for (int i = threadIdx.x; i < hidden; i += blockDim.x) {
        dst[i] = float_to_bf16_bits(src[i]);
    }
}

// out[i] = bf16(silu(gate[i]) * up[i]), silu(g) = g / (1 + exp(-g)) in float32 (HF SiLU);
// the down projection's input, hence bf16.
extern "C" __global__ void silu_mul_bf16(const float* __restrict__ gate, const float* __restrict__ up,
                                         uint16_t* __restrict__ out, long long n) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float g = gate[i];
        out[i] = float_to_bf16_bits(g / (1.f + expf(-g)) * up[i]);
    }
}

// out[i] = bf16(scale * u), u uniform in [-1, 1) from a hash of (seed, i): random weights made on
// the device for the benchmarks (a DeepSeek-V3 layer's experts are 22 GB; no host round trip).
extern "C" __global__ void fill_uniform_bf16(uint16_t* __restrict__ out, long long n, unsigned int seed, float scale) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        unsigned long long h = (unsigned long long) i * 0x9E3779B97F4A7C15ull + seed; // splitmix64
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
        h ^= h >> 31;
        float u = (float) (h >> 40) * (1.0f / 8388608.0f) - 1.0f; // 24 bits -> [-1, 1)
        out[i] = float_to_bf16_bits(scale * u);
    }
}

// pool[dst[r], :] = rows[r, :] (float32): a step's new key or value rows into the device copy of
// one layer of the paged KV cache, row index block * blockSize + position % blockSize (model-lib
// kv/KvCache's layout). grid (rows), block 256.
extern "C" __global__ void scatter_rows_f32(const float* __restrict__ rows, const int* __restrict__ dst,
                                            float* __restrict__ pool, int n, int width) {
    int r = blockIdx.x;
    if (r >= n) {
        return;
    }
    const float* src = rows + (size_t) r * width;
    float* out = pool + (size_t) dst[r] * width;
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        out[i] = src[i];
    }
}

// out[i]: a float8 e4m3fn code of a hash of (seed, index), uniform over the codes but the NaN ones
// (0x7f, 0xff): FP8 benchmark weights made on the device, scaled by their block scales.
extern "C" __global__ void fill_uniform_e4m3(uint8_t* __restrict__ out, long long n, unsigned int seed) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        unsigned long long h = (unsigned long long) i * 0x9E3779B97F4A7C15ull + seed; // splitmix64
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
        h ^= h >> 31;
        uint32_t code = (uint32_t) (h >> 56);
        out[i] = (uint8_t) ((code & 0x7fu) == 0x7fu ? code ^ 1u : code);
    }
}
