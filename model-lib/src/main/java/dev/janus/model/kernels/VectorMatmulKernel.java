package dev.janus.model.kernels;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.Int8ChannelTensor;
import dev.janus.model.tensor.WeightTensor;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Vector API matmul over bf16/f16/f32, block-scaled FP8 ({@link Fp8Rows}) and per-channel int8
 * ({@link Int8Rows}) weights read from
 * their memory segment, output rows split over a {@link ComputePool} in blocks of {@value #ROW_TILE}.
 *
 * <p>Tiling: a 4-row block is multiplied with {@value #TOKEN_TILE} tokens at a time (16
 * accumulators), so one weight vector load feeds 4 FMAs. For prefill, row blocks are grouped
 * so that a group's weights (~256 KB) stay in L2 while every 4-token tile passes over them and
 * each input tile stays in L1: weights stream from memory once per call whatever
 * {@code tokens}. Leftover tokens use 4-row x 2-token tiles, a last odd one the 4-row x 1-token
 * tile (the decode path), leftover rows 1 x 1. bf16 and f32 weights are read in place (bf16 as
 * int pairs against an input split into even/odd lanes: {@link HalfFloats}, {@link Deinterleave});
 * f16, FP8 and int8 row blocks are first widened into an f32 {@link WeightStrip} that the f32 tiles
 * read. Accumulation is float32; the summation order differs from {@link ScalarMatmulKernel}
 * (lane-wise partial sums).
 *
 * <p>Thread-safety: safe to share; calls are serialized by an internal lock (they hold the
 * per-call arguments and the bf16 deinterleave scratch, both owned by this instance). The scratch
 * grows to the largest {@code tokens * in} seen, so the first call of a new size allocates and
 * later ones do not. For concurrent matmuls use one kernel and one pool per caller.
 */
public final class VectorMatmulKernel implements MatmulKernel {

    static final int ROW_TILE = 4;
    static final int TOKEN_TILE = 4;
    /** Below this many multiply-adds a region's dispatch (~µs) costs more than it saves. */
    private static final long DEFAULT_MIN_PARALLEL_WORK = 1L << 15;
    /** Weight bytes per cache block for tokens >= 4: well inside a 1-2 MB L2. */
    private static final long GROUP_BYTES = 256 << 10;

    /** Per worker thread: where a tile stores its accumulators for {@link Lanes#fold} (16 vectors). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(
            () -> new float[ROW_TILE * TOKEN_TILE * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()]);

    private final ComputePool pool;
    private final long minParallelWork;
    private final ReentrantLock lock = new ReentrantLock();
    private final RowBlocks rowBlocks = new RowBlocks();
    private float[] scratch = new float[0];

    public VectorMatmulKernel(ComputePool pool) {
        this(pool, DEFAULT_MIN_PARALLEL_WORK);
    }

    /** {@code minParallelWork}: multiply-adds below which a call runs on the caller alone. */
    public VectorMatmulKernel(ComputePool pool, long minParallelWork) {
        this.pool = pool;
        this.minParallelWork = minParallelWork;
    }

    /** Grows the scratch for inputs up to {@code [tokens, in]}, so no later call allocates. */
    public void reserve(int tokens, int in) {
        lock.lock();
        try {
            ensureScratch(tokens * in);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void matmul(WeightTensor w, float[] x, int xOff, int xStride,
                       float[] y, int yOff, int yStride, int tokens) {
        int out = w.rows();
        int in = w.cols();
        checkRange("x", x.length, xOff, xStride, in, tokens);
        checkRange("y", y.length, yOff, yStride, out, tokens);
        if (tokens == 0 || out == 0) {
            return;
        }
        lock.lock();
        try {
            RowBlocks task = rowBlocks;
            task.dtype = w.dtype();
            task.w = w.segment();
            task.fp8 = w instanceof Fp8BlockTensor f ? f : null;
            task.int8 = w instanceof Int8ChannelTensor i ? i : null;
            task.fp8Scalar = task.fp8 != null && !Fp8Rows.foldable(task.fp8);
            task.out = out;
            task.in = in;
            task.tokens = tokens;
            task.y = y;
            task.yOff = yOff;
            task.yStride = yStride;
            if (task.dtype == DType.BF16) {
                ensureScratch(tokens * in);
                Deinterleave.tokens(x, xOff, xStride, in, tokens, scratch);
                task.x = scratch;
                task.xOff = 0;
                task.xStride = in;
            } else {
                task.x = x;
                task.xOff = xOff;
                task.xStride = xStride;
            }
            int blocks = (out + ROW_TILE - 1) / ROW_TILE;
            if ((long) out * in * tokens < minParallelWork) {
                task.run(0, blocks);
            } else {
                pool.parallelFor(blocks, task);
            }
        } finally {
            rowBlocks.x = null; // do not retain the caller's arrays
            rowBlocks.y = null;
            rowBlocks.fp8 = null;
            rowBlocks.int8 = null;
            lock.unlock();
        }
    }

    private void ensureScratch(int size) {
        if (scratch.length < size) {
            scratch = new float[size];
        }
    }

    private static void checkRange(String name, int length, int off, int stride, int n, int tokens) {
        if (tokens < 0 || off < 0 || (tokens > 1 && stride < n)
                || (tokens > 0 && (long) (tokens - 1) * stride + off + n > length)) {
            throw new IndexOutOfBoundsException(name + ": " + tokens + " rows of " + n + " at offset "
                    + off + " stride " + stride + " exceed length " + length);
        }
    }

    /** The region body; fields are this call's arguments (set under the kernel lock). */
    private static final class RowBlocks implements RangeTask {
        DType dtype;
        MemorySegment w;  // [out, in]
        Fp8BlockTensor fp8;   // the weight when it is FP8 (codes + block scales), else null
        boolean fp8Scalar;    // FP8 with scales too large for the vector path's rebias
        Int8ChannelTensor int8; // the weight when it is int8 (codes + row scales), else null
        int out;
        int in;
        int tokens;
        float[] x;        // the caller's input; bf16: deinterleaved [tokens, in]
        int xOff;
        int xStride;
        float[] y;
        int yOff;
        int yStride;

        @Override
        public void run(int startBlock, int endBlock) {
            float[] lanes = LANES.get(); // this worker's: workers share the task object
            if (dtype == DType.F16 || dtype == DType.I8 || (dtype == DType.F8_E4M3 && !fp8Scalar)) {
                runWidened(startBlock, endBlock, lanes);
                return;
            }
            int fullBlocks = Math.min(endBlock, out / ROW_TILE); // blocks with all 4 rows
            int groupBlocks = (int) Math.max(1, GROUP_BYTES / ((long) ROW_TILE * in * dtype.bytes()));
            int fullTokens = tokens - tokens % TOKEN_TILE;
            // Cache blocking for tokens >= 4: a group of row blocks (~GROUP_BYTES of weights)
            // stays in L2 while every token tile passes over it, and each 4-token input tile
            // stays in L1 across the group's blocks. Weights come from memory once per call.
            for (int g = startBlock; g < fullBlocks; g += groupBlocks) {
                int gEnd = Math.min(g + groupBlocks, fullBlocks);
                for (int t = 0; t < fullTokens; t += TOKEN_TILE) {
                    for (int b = g; b < gEnd; b++) {
                        tile4x4(b * ROW_TILE, t, lanes);
                    }
                }
                for (int b = g; b < gEnd; b++) { // leftover tokens: pairs, then a last single one
                    int t = fullTokens;
                    for (; t + 1 < tokens; t += 2) {
                        tile4x2(b * ROW_TILE, t, lanes);
                    }
                    if (t < tokens) {
                        tile4x1(b * ROW_TILE, t, lanes);
                    }
                }
            }
            for (int row = Math.max(startBlock, fullBlocks) * ROW_TILE,
                    rowEnd = Math.min(endBlock * ROW_TILE, out); row < rowEnd; row++) {
                for (int t = 0; t < tokens; t++) {
                    tile1x1(row, t, lanes);
                }
            }
        }

        /**
         * f16, FP8 and int8: the same blocking as {@link #run}, with each group of row blocks widened
         * once into this thread's {@link WeightStrip} and multiplied by the f32 tiles. Below 4
         * tokens a group is one row block, so its strip stays in L1.
         */
        private void runWidened(int startBlock, int endBlock, float[] lanes) {
            int fullBlocks = Math.min(endBlock, out / ROW_TILE);
            int groupBlocks = tokens < TOKEN_TILE ? 1 : (int) Math.max(1, GROUP_BYTES / ((long) ROW_TILE * in * Float.BYTES));
            MemorySegment strip = WeightStrip.forThread((long) groupBlocks * ROW_TILE * in);
            int fullTokens = tokens - tokens % TOKEN_TILE;
            for (int g = startBlock; g < fullBlocks; g += groupBlocks) {
                int gEnd = Math.min(g + groupBlocks, fullBlocks);
                int groupRow = g * ROW_TILE;
                widen(groupRow, (gEnd - g) * ROW_TILE, strip);
                int stripY = yOff + groupRow; // strip row r is output row groupRow + r
                for (int t = 0; t < fullTokens; t += TOKEN_TILE) {
                    for (int r = 0; r < (gEnd - g) * ROW_TILE; r += ROW_TILE) {
                        F32Rows.tile4x4(strip, r, in, x, xOff, xStride, t, y, stripY, yStride, lanes);
                    }
                }
                for (int r = 0; r < (gEnd - g) * ROW_TILE; r += ROW_TILE) {
                    for (int t = fullTokens; t < tokens; t++) {
                        F32Rows.tile4x1(strip, r, in, x, xOff, xStride, t, y, stripY, yStride, lanes);
                    }
                }
            }
            for (int row = Math.max(startBlock, fullBlocks) * ROW_TILE,
                    rowEnd = Math.min(endBlock * ROW_TILE, out); row < rowEnd; row++) {
                widen(row, 1, strip);
                for (int t = 0; t < tokens; t++) {
                    F32Rows.tile1x1(strip, 0, in, x, xOff, xStride, t, y, yOff + row, yStride, lanes);
                }
            }
        }

        private void widen(int row, int rows, MemorySegment strip) {
            switch (dtype) {
                case F16 -> F16Rows.widen(w, row, rows, in, strip);
                case I8 -> Int8Rows.widen(int8, row, rows, strip);
                default -> Fp8Rows.widen(fp8, row, rows, strip);
            }
        }

        private void tile4x4(int row, int t, float[] lanes) {
            switch (dtype) {
                case BF16 -> Bf16Rows.tile4x4(w, row, in, x, t, y, yOff, yStride, lanes);
                case F32 -> F32Rows.tile4x4(w, row, in, x, xOff, xStride, t, y, yOff, yStride, lanes);
                default -> Fp8Rows.scalarTile(fp8, row, ROW_TILE, x, xOff, xStride, t, TOKEN_TILE, y, yOff, yStride);
            }
        }

        private void tile4x2(int row, int t, float[] lanes) {
            switch (dtype) {
                case BF16 -> Bf16Rows.tile4x2(w, row, in, x, t, y, yOff, yStride, lanes);
                case F32 -> { // f32 needs no widening: two 4 x 1 tiles cost the same
                    F32Rows.tile4x1(w, row, in, x, xOff, xStride, t, y, yOff, yStride, lanes);
                    F32Rows.tile4x1(w, row, in, x, xOff, xStride, t + 1, y, yOff, yStride, lanes);
                }
                default -> Fp8Rows.scalarTile(fp8, row, ROW_TILE, x, xOff, xStride, t, 2, y, yOff, yStride);
            }
        }

        private void tile4x1(int row, int t, float[] lanes) {
            switch (dtype) {
                case BF16 -> Bf16Rows.tile4x1(w, row, in, x, t, y, yOff, yStride, lanes);
                case F32 -> F32Rows.tile4x1(w, row, in, x, xOff, xStride, t, y, yOff, yStride, lanes);
                default -> Fp8Rows.scalarTile(fp8, row, ROW_TILE, x, xOff, xStride, t, 1, y, yOff, yStride);
            }
        }

        private void tile1x1(int row, int t, float[] lanes) {
            switch (dtype) {
                case BF16 -> Bf16Rows.tile1x1(w, row, in, x, t, y, yOff, yStride, lanes);
                case F32 -> F32Rows.tile1x1(w, row, in, x, xOff, xStride, t, y, yOff, yStride, lanes);
                default -> Fp8Rows.scalarTile(fp8, row, 1, x, xOff, xStride, t, 1, y, yOff, yStride);
            }
        }
    }
}
