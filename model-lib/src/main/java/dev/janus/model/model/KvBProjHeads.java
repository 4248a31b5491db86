package dev.janus.model.model;

import dev.janus.model.tensor.DType;
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

    private KvBProjHeads() {
    }

    static WeightTensor[] valueViews(WeightTensor kvB, int heads, int nope, int v) {
        int rank = kvB.cols();
        long rowBytes = (long) rank * kvB.dtype().bytes();
        WeightTensor[] out = new WeightTensor[heads];
        for (int h = 0; h < heads; h++) {
            long first = (long) h * (nope + v) + nope;
            MemorySegment rows = kvB.segment().asSlice(first * rowBytes, v * rowBytes);
            out[h] = WeightTensor.of(kvB.name() + "[v of head " + h + "]", kvB.dtype(), rows, v, rank);
        }
        return out;
    }

    static WeightTensor[] transposedKeys(WeightTensor kvB, int heads, int nope, int v) {
        int rank = kvB.cols();
        WeightTensor[] out = new WeightTensor[heads];
        for (int h = 0; h < heads; h++) {
            int first = h * (nope + v);
            String name = kvB.name() + "[k_nope of head " + h + "]ᵀ";
            if (kvB.dtype() == DType.F32) {
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
}
