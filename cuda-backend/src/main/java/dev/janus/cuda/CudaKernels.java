package dev.janus.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUstream;

import static dev.janus.cuda.LaunchGeometry.ATTENTION_THREADS;
import static dev.janus.cuda.LaunchGeometry.ELEMENTWISE_THREADS;
import static dev.janus.cuda.LaunchGeometry.GEMM_THREADS;
import static dev.janus.cuda.LaunchGeometry.GEMV_MAX_TOKENS;
import static dev.janus.cuda.LaunchGeometry.GEMV_THREADS;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;

/**
 * Java launchers of the kernels in src/main/cuda, on device pointers and one stream; each states
 * the shapes it expects (row-major, float32 activations, bf16 weights or FP8 codes with block
 * scales). Launches are asynchronous:
 * a copy back on the same stream orders after them.
 */
public final class CudaKernels {

    private final CUstream stream;
    private final CUfunction gemv;
    private final CUfunction gemvFp8;
    private final CUfunction gemm;
    private final CUfunction gemmFp8;
    private final CUfunction groupedGemm;
    private final CUfunction groupedGemmFp8;
    private final CUfunction toBf16;
    private final CUfunction gatherRows;
    private final CUfunction siluMul;
    private final CUfunction scatterRows;
    private final CUfunction fillUniform;
    private final CUfunction fillUniformE4m3;
    private final CUfunction rmsNorm;
    private final CUfunction rope;
    private final CUfunction attention;
    private final CUfunction router;

    CudaKernels(KernelLibrary library, CUstream stream) {
        this.stream = stream;
        gemv = library.function("gemv", "gemv_bf16");
        gemvFp8 = library.function("gemv", "gemv_fp8");
        gemm = library.function("gemm", "gemm_bf16");
        gemmFp8 = library.function("gemm", "gemm_fp8");
        groupedGemm = library.function("gemm", "grouped_gemm_bf16");
        groupedGemmFp8 = library.function("gemm", "grouped_gemm_fp8");
        toBf16 = library.function("elementwise", "f32_to_bf16");
        gatherRows = library.function("elementwise", "gather_rows_bf16");
        siluMul = library.function("elementwise", "silu_mul_bf16");
        scatterRows = library.function("elementwise", "scatter_rows_f32");
        fillUniform = library.function("elementwise", "fill_uniform_bf16");
        fillUniformE4m3 = library.function("elementwise", "fill_uniform_e4m3");
        rmsNorm = library.function("rmsnorm", "rms_norm");
        rope = library.function("rope", "rope_halves");
        attention = library.function("attention", "paged_attention");
        router = library.function("router", "router_softmax_topk");
        cuFuncSetAttribute(attention, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                LaunchGeometry.MAX_DYNAMIC_SHARED_BYTES);
    }

    public CUstream stream() {
        return stream;
    }

    /** y[t, :rows] = W x[t, :cols] for t < tokens (at most 8); W bf16 [rows, cols], x [tokens, cols], y [tokens, rows]. */
    public void gemvBf16(CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int cols, int tokens) {
        if (tokens < 1 || tokens > GEMV_MAX_TOKENS) {
            throw new IllegalArgumentException("gemv serves 1.." + GEMV_MAX_TOKENS + " tokens, got " + tokens);
        }
        launch(gemv, LaunchGeometry.gemvBlocks(rows), 1, GEMV_THREADS, 0,
                w, x, y, rows, cols, tokens, cols, rows);
    }

    /**
     * {@link #gemvBf16} for a weight of either dtype ({@link DeviceTensor}); FP8: w = e4m3(code) *
     * its block scale in float32, as model-lib dequantizes.
     */
    public void gemv(DeviceTensor w, CUdeviceptr x, CUdeviceptr y, int rows, int cols, int tokens) {
        if (!w.isFp8()) {
            gemvBf16(w.data(), x, y, rows, cols, tokens);
            return;
        }
        if (tokens < 1 || tokens > GEMV_MAX_TOKENS) {
            throw new IllegalArgumentException("gemv serves 1.." + GEMV_MAX_TOKENS + " tokens, got " + tokens);
        }
        var g = w.fp8();
        launch(gemvFp8, LaunchGeometry.gemvBlocks(rows), 1, GEMV_THREADS, 0, w.data(), w.scales(), x, y, rows, cols,
                tokens, cols, rows, g.blockRows(), g.blockCols(), g.rowOffset(), g.colOffset(), g.scaleCols());
    }

    /** y [m, n] = x [m, k] W^T for a weight of either dtype ({@link DeviceTensor}), x bf16, on tensor cores. */
    public void gemm(CUdeviceptr x, DeviceTensor w, CUdeviceptr y, int m, int n, int k) {
        if (!w.isFp8()) {
            gemmBf16(x, w.data(), y, m, n, k);
            return;
        }
        int[] grid = LaunchGeometry.gemmGrid(m, n);
        var g = w.fp8();
        launch(gemmFp8, grid[0], grid[1], GEMM_THREADS, 0, x, w.data(), w.scales(), y, m, n, k,
                g.blockRows(), g.blockCols(), g.rowOffset(), g.colOffset(), g.scaleCols());
    }

    /** y [m, n] = x [m, k] W^T, x and W bf16, on tensor cores. */
    public void gemmBf16(CUdeviceptr x, CUdeviceptr w, CUdeviceptr y, int m, int n, int k) {
        int[] grid = LaunchGeometry.gemmGrid(m, n);
        launch(gemm, grid[0], grid[1], GEMM_THREADS, 0, x, w, y, m, n, k);
    }

    /**
     * The grouped GEMM of one layer step: for every group g, y[rows of g] = x[rows of g] W_slot^T
     * with W_slot = {@code weights[groupSlot[g]]}, the weights stacked [slots, n, k] bf16.
     * @param tileGroup device array from {@link LaunchGeometry#rowTiles}, and tileRow likewise
     * @param rowStart  device array [groups + 1]
     */
    public void groupedGemmBf16(CUdeviceptr x, CUdeviceptr weights, CUdeviceptr groupSlot, CUdeviceptr y,
                                CUdeviceptr tileGroup, CUdeviceptr tileRow, CUdeviceptr rowStart, int tiles, int n, int k) {
        launch(groupedGemm, LaunchGeometry.ceilDiv(n, LaunchGeometry.TILE_N), tiles, GEMM_THREADS, 0,
                x, weights, groupSlot, y, tileGroup, tileRow, rowStart, n, k);
    }

    /** {@link #groupedGemmBf16} over one projection of stacked experts, bf16 or FP8 (dequantized per tile). */
    void groupedGemm(CUdeviceptr x, StackedExperts experts, StackedExperts.Projection w, CUdeviceptr groupSlot,
                     CUdeviceptr y, CUdeviceptr tileGroup, CUdeviceptr tileRow, CUdeviceptr rowStart, int tiles,
                     int n, int k) {
        if (!experts.isFp8()) {
            groupedGemmBf16(x, w.data(), groupSlot, y, tileGroup, tileRow, rowStart, tiles, n, k);
            return;
        }
        launch(groupedGemmFp8, LaunchGeometry.ceilDiv(n, LaunchGeometry.TILE_N), tiles, GEMM_THREADS, 0,
                x, w.data(), w.scales(), groupSlot, y, tileGroup, tileRow, rowStart, n, k,
                experts.blockRows(), experts.blockCols(), w.scaleRows(), w.scaleCols());
    }

    /** out bf16 [n] = in f32 [n]. */
    public void toBf16(CUdeviceptr in, CUdeviceptr out, long n) {
        launch(toBf16, LaunchGeometry.elementwiseBlocks(n), 1, ELEMENTWISE_THREADS, 0, in, out, n);
    }

    /** out bf16 [rows, hidden]: row r = x[rowToken[r]]. */
    public void gatherRowsBf16(CUdeviceptr x, CUdeviceptr rowToken, CUdeviceptr out, int rows, int hidden) {
        launch(gatherRows, rows, 1, ELEMENTWISE_THREADS, 0, x, rowToken, out, rows, hidden);
    }

    /** pool[dst[r], :] = rows[r, :] for r < n, rows of {@code width} floats (new rows into a KV-cache layer). */
    public void scatterRows(CUdeviceptr rows, CUdeviceptr dst, CUdeviceptr pool, int n, int width) {
        launch(scatterRows, n, 1, ELEMENTWISE_THREADS, 0, rows, dst, pool, n, width);
    }

    /** out bf16 [n] = silu(gate) * up. */
    public void siluMulBf16(CUdeviceptr gate, CUdeviceptr up, CUdeviceptr out, long n) {
        launch(siluMul, LaunchGeometry.elementwiseBlocks(n), 1, ELEMENTWISE_THREADS, 0, gate, up, out, n);
    }

    /** out bf16 [n]: uniform in [-scale, scale), a hash of (seed, index) (benchmark weights). */
    public void fillUniformBf16(CUdeviceptr out, long n, int seed, float scale) {
        launch(fillUniform, LaunchGeometry.elementwiseBlocks(n), 1, ELEMENTWISE_THREADS, 0, out, n, seed, scale);
    }

    /** out e4m3 codes [n]: uniform over the non-NaN codes, a hash of (seed, index) (benchmark weights). */
    public void fillUniformE4m3(CUdeviceptr out, long n, int seed) {
        launch(fillUniformE4m3, LaunchGeometry.elementwiseBlocks(n), 1, ELEMENTWISE_THREADS, 0, out, n, seed);
    }

    /** out [rows, n] = RMSNorm(x) * w. */
    public void rmsNorm(CUdeviceptr x, CUdeviceptr w, CUdeviceptr out, int rows, int n, float eps) {
        launch(rmsNorm, rows, 1, 256, 0, x, w, out, rows, n, eps);
    }

    /** Rotates the first {@code heads} heads of each row of x [tokens, rowWidth] in place (HF rotate_half). */
    public void ropeHalves(CUdeviceptr x, CUdeviceptr positions, CUdeviceptr invFreq, float attentionFactor,
                           int tokens, int heads, int headDim, int rowWidth) {
        launch(rope, tokens, 1, 128, 0, x, positions, invFreq, attentionFactor, tokens, heads, headDim, rowWidth);
    }

    /** Decode attention over one layer's paged cache; see attention.cu for the layout. */
    public void pagedAttention(CUdeviceptr q, CUdeviceptr keys, CUdeviceptr values, CUdeviceptr blockTables,
                               CUdeviceptr positions, CUdeviceptr out, int tokens, int heads, int kvHeads,
                               int keyDim, int valueDim, int blockSize, int rowWidth, int maxBlocksPerToken,
                               int maxContext, int window, float scale) {
        launch(attention, tokens * heads, 1, ATTENTION_THREADS, LaunchGeometry.attentionSharedBytes(maxContext),
                q, keys, values, blockTables, positions, out, heads, kvHeads, keyDim, valueDim, blockSize, rowWidth,
                maxBlocksPerToken, window, scale);
    }

    /** Softmax over logits [tokens, experts], top-k ids and weights [tokens, k]. */
    public void routerSoftmaxTopK(CUdeviceptr logits, CUdeviceptr experts, CUdeviceptr weights, int tokens,
                                  int numExperts, int k, boolean normalize) {
        if (numExperts > LaunchGeometry.ROUTER_MAX_EXPERTS || k > numExperts) {
            throw new IllegalArgumentException("router: " + numExperts + " experts, top-" + k);
        }
        launch(router, LaunchGeometry.routerBlocks(tokens), 1, 32 * LaunchGeometry.ROUTER_TOKENS_PER_BLOCK, 0,
                logits, experts, weights, tokens, numExperts, k, normalize ? 1 : 0);
    }

    private void launch(CUfunction f, int gridX, int gridY, int block, int sharedBytes, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case CUdeviceptr p -> Pointer.to(p);
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                default -> throw new IllegalArgumentException("kernel argument of " + args[i].getClass());
            };
        }
        cuLaunchKernel(f, gridX, gridY, 1, block, 1, 1, sharedBytes, stream, Pointer.to(params), null);
    }
}
