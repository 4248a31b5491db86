package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.OR;
import static jdk.incubator.vector.VectorOperators.S2I;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * IEEE f16 weights for the matmul: rows widened exactly to float32 ({@link HalfFloats}) into a
 * {@link WeightStrip}, in column order, that the f32 tiles then multiply. Widening inside the
 * tiles, as bf16 does, ran 5-8x slower than bf16: the f16 widening is too many vector operations
 * for C2 to inline into a tile (docs/benchmarks.md, "f16 weights").
 */
final class F16Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.length() * 16));
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private static final int INF_CARRY_ADD = 0x8000 - HalfFloats.F16_INF; // 0x7C00 + this = bit 15

    private F16Rows() {
    }

    /**
     * Rows {@code [row, row + rows)} of {@code w} ({@code [*, in]} f16) as f32 rows of {@code strip}.
     * Infinities and NaNs (magnitude {@code >= 0x7C00}) need the exponent forced to all ones;
     * weights never hold them, so the vector loop only notes whether one passed (the magnitude
     * plus 0x400 reaching bit 15: an add and an or, against a compare and a masked or that cost
     * more than the rest of the widening) and widens the rows again exactly when one did.
     */
    static void widen(MemorySegment w, int row, int rows, int in, MemorySegment strip) {
        if (widen(w, row, rows, in, strip, false)) {
            widen(w, row, rows, in, strip, true);
        }
    }

    /** @return whether an infinity or NaN went through the vector loop without {@code exact} */
    private static boolean widen(MemorySegment w, int row, int rows, int in, MemorySegment strip, boolean exact) {
        int bound = F.loopBound(in);
        IntVector seen = IntVector.zero(I);
        for (int r = 0; r < rows; r++) {
            long src = 2L * in * (row + r);
            long dst = 4L * in * r;
            int i = 0;
            if (exact) { // a loop of its own: the masked or in the common loop slows it down
                for (; i < bound; i += L) {
                    IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, src + 2L * i, LE).convertShape(S2I, I, 0);
                    IntVector mag = h.and(HalfFloats.F16_MAG);
                    IntVector bits = mag.lanewise(LSHL, 13).or(h.and(0x8000).lanewise(LSHL, 16));
                    bits.lanewise(OR, HalfFloats.F32_INF, mag.compare(GE, HalfFloats.F16_INF)).reinterpretAsFloats()
                            .mul(HalfFloats.F16_REBIAS).intoMemorySegment(strip, dst + 4L * i, LE);
                }
            }
            for (; i < bound; i += L) {
                // HalfFloats.f16Even written out: as a call (50 bytecodes) C2 sometimes compiled it
                // out of line ("callee is too large" before the site was hot), boxing every vector
                IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, src + 2L * i, LE).convertShape(S2I, I, 0);
                IntVector mag = h.and(HalfFloats.F16_MAG);
                seen = seen.or(mag.add(INF_CARRY_ADD)); // bit 15 set iff mag >= 0x7C00
                mag.lanewise(LSHL, 13).or(h.and(0x8000).lanewise(LSHL, 16)).reinterpretAsFloats()
                        .mul(HalfFloats.F16_REBIAS).intoMemorySegment(strip, dst + 4L * i, LE);
            }
            for (; i < in; i++) {
                strip.set(FLOAT, dst + 4L * i, Float.float16ToFloat(w.get(SHORT, src + 2L * i)));
            }
        }
        return (seen.reduceLanes(OR) & 0x8000) != 0;
    }
}
