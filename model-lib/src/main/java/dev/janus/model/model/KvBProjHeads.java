package dev.janus.model.model;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.Int8ChannelTensor;
import dev.janus.model.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Splits kv_b_proj {@code [heads*(nope+v), R]} (HF row layout: per head, nope k rows then v rows)
 * into the per-head matrices of the absorbed MLA form: {@code W_UK(h)ᵀ [R, nope]} (a transposed
 * copy in the stored dtype, values unchanged) and {@code W_UV(h) [v, R]} (a view of the mapped rows).
 */
final class KvBProjHeads {

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private KvBProjHeads() {
    }

    static WeightTensor[] valueViews(WeightTensor kvB, int heads, int nope, int v) {
        WeightTensor[] out = new WeightTensor[heads];
        for (int h = 0; h < heads; h++) {
            out[h] = rowView(kvB, kvB.name() + "[v of head " + h + "]", h * (nope + v) + nope, v);
        }
        return out;
    }

    /** Rows {@code [first, first + count)} of {@code w}: the same bytes (and, quantized, their scales). */
    private static WeightTensor rowView(WeightTensor w, String name, int first, int count) {
        return switch (w) {
            case Fp8BlockTensor fp8 -> fp8.rowView(name, first, count);
            case Int8ChannelTensor int8 -> int8.rowView(name, first, count);
            default -> {
                long rowBytes = (long) w.cols() * w.dtype().bytes();
                yield WeightTensor.of(name, w.dtype(), w.segment().asSlice(first * rowBytes, count * rowBytes), count, w.cols());
            }
        };
    }

    static WeightTensor[] transposedKeys(WeightTensor kvB, int heads, int nope, int v) {
        int rank = kvB.cols();
        WeightTensor[] out = new WeightTensor[heads];
        for (int h = 0; h < heads; h++) {
            int first = h * (nope + v);
            String name = kvB.name() + "[k_nope of head " + h + "]ᵀ";
            if (kvB instanceof Fp8BlockTensor fp8) {
                out[h] = transposedFp8(name, fp8, first, nope);
            } else if (kvB instanceof Int8ChannelTensor) {
                // the per-row scales would become per-column ones: keep the dequantized values,
                // off-heap like the mapped weights (the kernels' fast path)
                MemorySegment t = Arena.ofAuto().allocate((long) rank * nope * Float.BYTES, 64);
                for (int d = 0; d < nope; d++) {
                    for (int r = 0; r < rank; r++) {
                        t.setAtIndex(LE_FLOAT, (long) r * nope + d, kvB.get(first + d, r));
                    }
                }
                out[h] = WeightTensor.of(name, DType.F32, t, rank, nope);
            } else if (kvB.dtype() == DType.F32) {
                float[] t = new float[rank * nope];
                for (int d = 0; d < nope; d++) {
                    for (int r = 0; r < rank; r++) {
                        t[r * nope + d] = kvB.get(first + d, r);
                    }
                }
                out[h] = WeightTensor.ofFloats(name, t, rank, nope);
            } else { // 16-bit dtypes: move the raw halves, no rounding
                // off-heap like the mapped weights: the kernels' fast path (freed with the last reference)
                MemorySegment t = Arena.ofAuto().allocate((long) rank * nope * 2, 64);
                MemorySegment src = kvB.segment();
                for (int d = 0; d < nope; d++) {
                    long rowOff = (long) (first + d) * rank * 2;
                    for (int r = 0; r < rank; r++) {
                        t.set(LE_SHORT, 2L * (r * nope + d), src.get(LE_SHORT, rowOff + 2L * r));
                    }
                }
                out[h] = WeightTensor.of(name, kvB.dtype(), t, rank, nope);
            }
        }
        return out;
    }

    /**
     * Rows {@code [first, first + n)} of {@code w} transposed to {@code [w.cols, n]}: the codes
     * moved, the block grid transposed with them (its rows are w's column blocks, its columns w's
     * row blocks, which may start inside a block), so every element keeps its value.
     */
    private static Fp8BlockTensor transposedFp8(String name, Fp8BlockTensor w, int first, int n) {
        int rank = w.cols();
        MemorySegment t = Arena.ofAuto().allocate((long) rank * n, 64);
        MemorySegment src = w.segment();
        for (int d = 0; d < n; d++) {
            for (int r = 0; r < rank; r++) {
                t.set(ValueLayout.JAVA_BYTE, (long) r * n + d, src.get(ValueLayout.JAVA_BYTE, (long) (first + d) * rank + r));
            }
        }
        int start = first + w.rowOffset();
        int colOffset = start % w.blockRows();
        int firstBlock = start / w.blockRows();
        int srcCols = w.scaleCols();
        int rowsOfBlocks = srcCols; // t's row blocks are w's column blocks
        int colsOfBlocks = Fp8BlockTensor.blocks(n, colOffset, w.blockRows());
        float[] scales = new float[rowsOfBlocks * colsOfBlocks];
        for (int i = 0; i < rowsOfBlocks; i++) {
            for (int j = 0; j < colsOfBlocks; j++) {
                scales[i * colsOfBlocks + j] = w.scales()[(firstBlock + j) * srcCols + i];
            }
        }
        return new Fp8BlockTensor(name, t, rank, n, scales, w.blockCols(), w.blockRows(), w.colOffset(), colOffset);
    }
}
