// Shared helpers of the Janus kernels. Weights stay bf16 on the device (raw uint16_t, the upper
// half of an IEEE float32, as model-lib's Bf16Tensor); activations are float32 unless a kernel
// says otherwise.
#pragma once
#include <stdint.h>

__device__ __forceinline__ float bf16_bits_to_float(uint16_t b) {
    return __uint_as_float(((uint32_t) b) << 16);
}

// Round-to-nearest-even float32 -> bf16, NaN kept NaN (model-lib Bf16Tensor.fromFloat).
__device__ __forceinline__ uint16_t float_to_bf16_bits(float f) {
    uint32_t bits = __float_as_uint(f);
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
        return (uint16_t) ((bits >> 16) | 0x40u);
    }
    uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
    return (uint16_t) ((bits + rounding) >> 16);
}

// float8 e4m3fn (DeepSeek-V3 / Qwen3-FP8 weights) -> float32, exact: the 7 magnitude bits shifted
// to a float32's exponent/mantissa give the value times 2^-120 for normal and subnormal codes
// alike (model-lib Float8E4m3); 0x7f / 0xff are NaN. Needs denormals kept (no -ftz).
__device__ __forceinline__ float e4m3_to_float(uint32_t code) {
    uint32_t magnitude = code & 0x7fu;
    float m = magnitude == 0x7fu ? __int_as_float(0x7fc00000) : __uint_as_float(magnitude << 20) * 0x1p120f;
    return (code & 0x80u) ? -m : m;
}

// Where a block-scaled FP8 tensor keeps its float32 scales (model-lib Fp8BlockTensor): element
// (r, c) uses scales[((r + rowOffset) / blockRows) * scaleCols + (c + colOffset) / blockCols].
struct Fp8Grid {
    int blockRows;
    int blockCols;
    int rowOffset;
    int colOffset;
    int scaleCols;
};

__device__ __forceinline__ const float* fp8_scale_row(const float* scales, Fp8Grid g, int row) {
    return scales + (size_t) ((row + g.rowOffset) / g.blockRows) * g.scaleCols;
}

__device__ __forceinline__ float fp8_weight(const uint8_t* w, const float* scaleRow, Fp8Grid g, size_t at, int col) {
    return e4m3_to_float(w[at]) * scaleRow[(col + g.colOffset) / g.blockCols];
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, o);
    }
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    }
    return v;
}

// Sum over a block of blockDim.x threads (a multiple of 32, at most 1024); every thread gets it.
__device__ __forceinline__ float block_sum(float v, float* scratch32) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_sum(v);
    if (lane == 0) {
        scratch32[warp] = v;
    }
    __syncthreads();
    int warps = blockDim.x >> 5;
    float total = lane < warps ? scratch32[lane] : 0.f;
    total = warp_sum(total);
    __syncthreads();
    return total;
}
