// Decode GEMV: y[t, o] = sum_i W[o, i] * x[t, i] for a few tokens (t < tokens <= GEMV_MAX_TOKENS),
// W bf16 [rows, cols] row-major, x and y float32. Memory bound: every weight byte is read once
// per launch whatever the token count. One warp per output row, GEMV_ROWS_PER_BLOCK rows per
// block; when cols % 8 == 0 each lane loads 8 bf16 (16 bytes) at a time, so a warp reads 512
// contiguous bytes per step (full 128-byte lines, the pattern that reaches HBM bandwidth).
#include "common.cuh"

#define GEMV_MAX_TOKENS 8
#define GEMV_ROWS_PER_BLOCK 8

// acc[t] += w * x[t, c] for every token: a lane's scalar column.
__device__ __forceinline__ void add_weight(float* acc, float w, const float* __restrict__ x, int xStride, int c,
                                           int tokens) {
#pragma unroll
    for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
        if (t < tokens) {
            acc[t] += w * x[(size_t) t * xStride + c];
        }
    }
}

// y[t, row] = the warp's sum of acc[t], written by lane 0.
__device__ __forceinline__ void store_rows(const float* acc, float* __restrict__ y, int yStride, int row, int tokens,
                                           int lane) {
#pragma unroll
    for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
        if (t < tokens) {
            float s = warp_sum(acc[t]);
            if (lane == 0) {
                y[(size_t) t * yStride + row] = s;
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(32 * GEMV_ROWS_PER_BLOCK)
gemv_bf16(const uint16_t* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
          int rows, int cols, int tokens, int xStride, int yStride) {
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * GEMV_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    if (row >= rows) {
        return;
    }
    float acc[GEMV_MAX_TOKENS];
#pragma unroll
    for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
        acc[t] = 0.f;
    }
    const uint16_t* wr = w + (size_t) row * cols;
    int vecEnd = (cols & 7) == 0 ? cols : 0;
    for (int c = lane * 8; c < vecEnd; c += 32 * 8) {
        uint4 packed = *reinterpret_cast<const uint4*>(wr + c);
        float wv[8];
        wv[0] = __uint_as_float(packed.x << 16); wv[1] = __uint_as_float(packed.x & 0xffff0000u);
        wv[2] = __uint_as_float(packed.y << 16); wv[3] = __uint_as_float(packed.y & 0xffff0000u);
        wv[4] = __uint_as_float(packed.z << 16); wv[5] = __uint_as_float(packed.z & 0xffff0000u);
        wv[6] = __uint_as_float(packed.w << 16); wv[7] = __uint_as_float(packed.w & 0xffff0000u);
#pragma unroll
        for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
            if (t < tokens) {
                const float* xr = x + (size_t) t * xStride + c;
                float4 a = *reinterpret_cast<const float4*>(xr);
                float4 b = *reinterpret_cast<const float4*>(xr + 4);
                acc[t] += wv[0] * a.x + wv[1] * a.y + wv[2] * a.z + wv[3] * a.w
                        + wv[4] * b.x + wv[5] * b.y + wv[6] * b.z + wv[7] * b.w;
            }
        }
    }
    for (int c = vecEnd + lane; c < cols; c += 32) { // cols not a multiple of 8: scalar loads
        add_weight(acc, bf16_bits_to_float(wr[c]), x, xStride, c, tokens);
    }
    store_rows(acc, y, yStride, row, tokens, lane);
}

// The same GEMV over block-scaled FP8 weights: W e4m3 codes [rows, cols] with float32 scales on
// the Fp8Grid (common.cuh); w = e4m3(code) * scale in float32, exactly as model-lib dequantizes,
// then float32 products as above. Half the bytes of bf16. When the 16-code chunks a lane loads
// never straddle a scale block (cols, blockCols and colOffset multiples of 16: the 128 x 128
// checkpoints) each chunk reads one scale; otherwise every code looks its scale up.
extern "C" __global__ void __launch_bounds__(32 * GEMV_ROWS_PER_BLOCK)
gemv_fp8(const uint8_t* __restrict__ w, const float* __restrict__ scales, const float* __restrict__ x,
         float* __restrict__ y, int rows, int cols, int tokens, int xStride, int yStride,
         int blockRows, int blockCols, int rowOffset, int colOffset, int scaleCols) {
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * GEMV_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    if (row >= rows) {
        return;
    }
    Fp8Grid grid = {blockRows, blockCols, rowOffset, colOffset, scaleCols};
    float acc[GEMV_MAX_TOKENS];
#pragma unroll
    for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
        acc[t] = 0.f;
    }
    const uint8_t* wr = w + (size_t) row * cols;
    const float* sr = fp8_scale_row(scales, grid, row);
    bool chunked = (cols & 15) == 0 && (blockCols & 15) == 0 && (colOffset & 15) == 0;
    int vecEnd = chunked ? cols : 0;
    for (int c = lane * 16; c < vecEnd; c += 32 * 16) {
        uint4 packed = *reinterpret_cast<const uint4*>(wr + c);
        float s = sr[(c + colOffset) / blockCols];
        uint32_t words[4] = {packed.x, packed.y, packed.z, packed.w};
        float wv[16];
#pragma unroll
        for (int i = 0; i < 16; i++) {
            wv[i] = e4m3_to_float((words[i >> 2] >> (8 * (i & 3))) & 0xffu) * s;
        }
#pragma unroll
        for (int t = 0; t < GEMV_MAX_TOKENS; t++) {
            if (t < tokens) {
                const float4* xr = reinterpret_cast<const float4*>(x + (size_t) t * xStride + c);
                float sum = 0.f;
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    float4 a = xr[q];
                    sum += wv[4 * q] * a.x + wv[4 * q + 1] * a.y + wv[4 * q + 2] * a.z + wv[4 * q + 3] * a.w;
                }
                acc[t] += sum;
            }
        }
    }
    for (int c = vecEnd + lane; c < cols; c += 32) { // chunks could straddle scale blocks: per code
        add_weight(acc, fp8_weight(wr, sr, grid, c, c), x, xStride, c, tokens);
    }
    store_rows(acc, y, yStride, row, tokens, lane);
}
