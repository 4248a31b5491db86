package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * float8 e4m3fn weights with one float32 scale per {@code [blockRows, blockCols]} block, as
 * DeepSeek-V3/R1 and the Qwen3 FP8 releases ship them ({@code weight} in F8_E4M3 beside
 * {@code weight_scale_inv}): {@code w[r][c] = e4m3(q[r][c]) * scale(r, c)}, one float32 multiply,
 * which is how HF transformers dequantizes FP8 on a CPU. The bytes stay where they are (usually
 * the file mapping); only the scales, one float per block, live on the heap.
 *
 * <p>The block grid may start inside a block ({@code rowOffset}, {@code colOffset} &lt; block
 * size): views of some rows of a checkpoint tensor (MLA's per-head slices of kv_b_proj) keep the
 * checkpoint's grid. Element {@code (r, c)} uses
 * {@code scales[((r + rowOffset) / blockRows) * scaleCols + (c + colOffset) / blockCols]}.
 *
 * @param segment   {@code [rows, cols]} e4m3 codes, row-major
 * @param scales    {@code [scaleRows, scaleCols]} row-major, the blocks touching the tensor
 */
public record Fp8BlockTensor(String name, MemorySegment segment, int rows, int cols, float[] scales,
                             int blockRows, int blockCols, int rowOffset, int colOffset) implements WeightTensor {

    public Fp8BlockTensor {
        if (blockRows <= 0 || blockCols <= 0 || rowOffset < 0 || rowOffset >= blockRows
                || colOffset < 0 || colOffset >= blockCols) {
            throw new IllegalArgumentException("tensor " + name + ": invalid block grid [" + blockRows + ", "
                    + blockCols + "] at offset (" + rowOffset + ", " + colOffset + ")");
        }
        if (segment.byteSize() != (long) rows * cols) {
            throw new IllegalArgumentException("tensor " + name + ": " + segment.byteSize() + " bytes for ["
                    + rows + ", " + cols + "] of F8_E4M3");
        }
        long need = (long) blocks(rows, rowOffset, blockRows) * blocks(cols, colOffset, blockCols);
        if (scales.length != need) {
            throw new IllegalArgumentException("tensor " + name + ": " + scales.length + " block scales, expected "
                    + need + " for [" + rows + ", " + cols + "] in blocks of [" + blockRows + ", " + blockCols + "]");
        }
    }

    /** A checkpoint tensor: the grid starts at element (0, 0). */
    public static Fp8BlockTensor of(String name, MemorySegment segment, int rows, int cols, float[] scales,
                                    int blockRows, int blockCols) {
        return new Fp8BlockTensor(name, segment, rows, cols, scales, blockRows, blockCols, 0, 0);
    }

    /** Blocks along one dimension of {@code n} elements starting {@code offset} into a block. */
    public static int blocks(int n, int offset, int block) {
        return n == 0 ? 0 : (offset + n + block - 1) / block;
    }

    @Override
    public DType dtype() {
        return DType.F8_E4M3;
    }

    /** Scale columns: blocks per row. */
    public int scaleCols() {
        return blocks(cols, colOffset, blockCols);
    }

    /** The scale of element {@code (row, col)}. */
    public float scale(int row, int col) {
        return scales[((row + rowOffset) / blockRows) * scaleCols() + (col + colOffset) / blockCols];
    }

    @Override
    public float get(int row, int col) {
        byte q = segment.get(ValueLayout.JAVA_BYTE, (long) row * cols + col);
        return Float8E4m3.toFloat(q) * scale(row, col);
    }

    /** The codes and the scales: decode reads these bytes per step. */
    @Override
    public long byteSize() {
        return (long) rows * cols + (long) scales.length * Float.BYTES;
    }

    /** Rows {@code [first, first + count)} as a view: the same bytes, the same block grid. */
    public Fp8BlockTensor rowView(String viewName, int first, int count) {
        int start = first + rowOffset;
        int firstBlock = start / blockRows;
        int sc = scaleCols();
        int n = blocks(count, start % blockRows, blockRows);
        float[] s = new float[n * sc];
        System.arraycopy(scales, firstBlock * sc, s, 0, s.length);
        return new Fp8BlockTensor(viewName, segment.asSlice((long) first * cols, (long) count * cols), count, cols,
                s, blockRows, blockCols, start % blockRows, colOffset);
    }
}
