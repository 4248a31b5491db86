// Tensor-core GEMM for prefill and large expert groups: Y[m, n] = sum_k X[m, k] * W[n, k]
// (HF nn.Linear: W is [out, in]), X and W bf16, accumulation and Y float32, through WMMA
// 16x16x16 bf16 fragments (mma.sync on sm_80+). The grouped form runs many independent GEMMs
// that share N and K - the (token, physical expert) row groups of one MoE layer step - in ONE
// launch: the host lists row tiles (group, first row); blockIdx.y picks a tile, blockIdx.x a
// column tile, and group g's rows [rowStart[g], rowStart[g+1]) of X and Y meet its expert's W.
// A plain GEMM is one group.
//
// Tile: 64 rows x 64 columns per block of 4 warps (each warp 32x32 = 2x2 fragments), K in steps
// of 32 through shared memory (rows padded by 8 elements against bank conflicts). Edge tiles are
// zero-padded on load and masked on store, so any M, N, K work; 16-byte loads when K % 8 == 0.
// FP8 weights (the _fp8 kernels) are dequantized while their tile is loaded: bf16(e4m3 * scale)
// in shared memory, so HBM holds and streams 1 byte a weight and the tensor cores see bf16.
#include <mma.h>
#include <cuda_bf16.h>
#include "common.cuh"

using namespace nvcuda;

#define TILE_M 64
#define TILE_N 64
#define TILE_K 32
#define PAD 8

__device__ __forceinline__ void load_tile(uint16_t (*dst)[TILE_K + PAD], const uint16_t* src,
                                          int rowBegin, int rowEnd, int k0, int K) {
    // 64 rows x 32 columns = 256 chunks of 8 elements, 128 threads: two chunks each
    for (int chunk = threadIdx.x; chunk < TILE_M * TILE_K / 8; chunk += blockDim.x) {
        int r = chunk / (TILE_K / 8);
        int c = (chunk % (TILE_K / 8)) * 8;
        int gr = rowBegin + r;
        int gk = k0 + c;
        uint16_t* d = &dst[r][c];
        if (gr < rowEnd && (K & 7) == 0 && gk + 8 <= K) {
            *reinterpret_cast<uint4*>(d) = *reinterpret_cast<const uint4*>(src + (size_t) gr * K + gk);
        } else {
#pragma unroll
            for (int i = 0; i < 8; i++) {
                d[i] = (gr < rowEnd && gk + i < K) ? src[(size_t) gr * K + gk + i] : (uint16_t) 0;
            }
        }
    }
}

// W tiles from bf16 weights [N, K].
struct Bf16Weights {
    const uint16_t* w;

    __device__ __forceinline__ void load(uint16_t (*dst)[TILE_K + PAD], int rowBegin, int rowEnd, int k0, int K) const {
        load_tile(dst, w, rowBegin, rowEnd, k0, K);
    }
};

// W tiles from block-scaled FP8 weights [N, K] (codes + scales on an Fp8Grid), as bf16.
struct Fp8Weights {
    const uint8_t* w;
    const float* scales;
    Fp8Grid grid;

    __device__ __forceinline__ void load(uint16_t (*dst)[TILE_K + PAD], int rowBegin, int rowEnd, int k0, int K) const {
        for (int chunk = threadIdx.x; chunk < TILE_M * TILE_K / 8; chunk += blockDim.x) {
            int r = chunk / (TILE_K / 8);
            int c = (chunk % (TILE_K / 8)) * 8;
            int gr = rowBegin + r;
            int gk = k0 + c;
            uint16_t* d = &dst[r][c];
            const float* sr = gr < rowEnd ? fp8_scale_row(scales, grid, gr) : scales;
#pragma unroll
            for (int i = 0; i < 8; i++) {
                d[i] = (gr < rowEnd && gk + i < K)
                        ? float_to_bf16_bits(fp8_weight(w, sr, grid, (size_t) gr * K + gk + i, gk + i)) : (uint16_t) 0;
            }
        }
    }
};

template <class Weights>
__device__ void gemm_tile(const uint16_t* __restrict__ x, const Weights w, float* __restrict__ y,
                          int rowBegin, int rowEnd, int N, int K) {
    __shared__ __align__(32) uint16_t xs[TILE_M][TILE_K + PAD];
    __shared__ __align__(32) uint16_t ws[TILE_N][TILE_K + PAD];
    __shared__ __align__(32) float cs[TILE_M][TILE_N + 4];
    int warp = threadIdx.x >> 5;
    int wm = (warp >> 1) * 32; // warp's row offset in the tile
    int wn = (warp & 1) * 32;  // warp's column offset
    int n0 = blockIdx.x * TILE_N;
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++)
            wmma::fill_fragment(acc[i][j], 0.f);
    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        load_tile(xs, x, rowBegin, rowEnd, k0, K);
        w.load(ws, n0, N, k0, K);
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk += 16) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> a[2];
            wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::col_major> b[2];
#pragma unroll
            for (int i = 0; i < 2; i++) {
                wmma::load_matrix_sync(a[i], reinterpret_cast<const __nv_bfloat16*>(&xs[wm + i * 16][kk]), TILE_K + PAD);
                // W tile rows are output columns: as a K x N matrix it is column-major
                wmma::load_matrix_sync(b[i], reinterpret_cast<const __nv_bfloat16*>(&ws[wn + i * 16][kk]), TILE_K + PAD);
            }
#pragma unroll
            for (int i = 0; i < 2; i++)
#pragma unroll
                for (int j = 0; j < 2; j++)
                    wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++)
            wmma::store_matrix_sync(&cs[wm + i * 16][wn + j * 16], acc[i][j], TILE_N + 4, wmma::mem_row_major);
    __syncthreads();
    for (int e = threadIdx.x; e < TILE_M * TILE_N; e += blockDim.x) {
        int r = e / TILE_N;
        int c = e % TILE_N;
        if (rowBegin + r < rowEnd && n0 + c < N) {
            y[(size_t) (rowBegin + r) * N + n0 + c] = cs[r][c];
        }
    }
}

// grid (ceil(N / 64), tiles), block 128. tileGroup[i], tileRow[i]: group and first row of tile i;
// rowStart[G + 1]: each group's rows; the weights of all of a layer's hosted experts are stacked,
// [slots, N, K], and group g uses slot groupSlot[g].
extern "C" __global__ void __launch_bounds__(128)
grouped_gemm_bf16(const uint16_t* __restrict__ x, const uint16_t* __restrict__ weights,
                  const int* __restrict__ groupSlot, float* __restrict__ y, const int* __restrict__ tileGroup,
                  const int* __restrict__ tileRow, const int* __restrict__ rowStart, int N, int K) {
    int g = tileGroup[blockIdx.y];
    int rowBegin = tileRow[blockIdx.y];
    int rowEnd = min(rowBegin + TILE_M, rowStart[g + 1]);
    gemm_tile(x, Bf16Weights{weights + (size_t) groupSlot[g] * N * K}, y, rowBegin, rowEnd, N, K);
}

// grouped_gemm_bf16 over FP8 experts: codes stacked [slots, N, K], scales [slots, scaleRows *
// scaleCols] (checkpoint tensors: the grid starts at (0, 0)).
extern "C" __global__ void __launch_bounds__(128)
grouped_gemm_fp8(const uint16_t* __restrict__ x, const uint8_t* __restrict__ weights, const float* __restrict__ scales,
                 const int* __restrict__ groupSlot, float* __restrict__ y, const int* __restrict__ tileGroup,
                 const int* __restrict__ tileRow, const int* __restrict__ rowStart, int N, int K,
                 int blockRows, int blockCols, int scaleRows, int scaleCols) {
    int g = tileGroup[blockIdx.y];
    int rowBegin = tileRow[blockIdx.y];
    int rowEnd = min(rowBegin + TILE_M, rowStart[g + 1]);
    size_t slot = groupSlot[g];
    Fp8Weights w = {weights + slot * N * K, scales + slot * scaleRows * scaleCols, {blockRows, blockCols, 0, 0, scaleCols}};
    gemm_tile(x, w, y, rowBegin, rowEnd, N, K);
}

// grid (ceil(N / 64), ceil(M / 64)), block 128: one group of M rows.
extern "C" __global__ void __launch_bounds__(128)
gemm_bf16(const uint16_t* __restrict__ x, const uint16_t* __restrict__ w, float* __restrict__ y,
          int M, int N, int K) {
    int rowBegin = blockIdx.y * TILE_M;
    gemm_tile(x, Bf16Weights{w}, y, rowBegin, M, N, K);
}

// gemm_bf16 over block-scaled FP8 weights (any Fp8Grid: views of checkpoint tensors too).
extern "C" __global__ void __launch_bounds__(128)
gemm_fp8(const uint16_t* __restrict__ x, const uint8_t* __restrict__ w, const float* __restrict__ scales,
         float* __restrict__ y, int M, int N, int K, int blockRows, int blockCols, int rowOffset, int colOffset,
         int scaleCols) {
    int rowBegin = blockIdx.y * TILE_M;
    gemm_tile(x, Fp8Weights{w, scales, {blockRows, blockCols, rowOffset, colOffset, scaleCols}}, y, rowBegin, M, N, K);
}
