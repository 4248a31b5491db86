package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.OR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * Lane-wise widening of 16-bit floats held in int lanes, without shuffles.
 *
 * <p>Weight rows are loaded as {@code IntVector}s: lane {@code j} holds the little-endian pair
 * (element {@code 2j} in bits 0-15, element {@code 2j+1} in bits 16-31). The {@code even}
 * methods widen the low halves, {@code odd} the high halves; the matmul multiplies them with an
 * input split once per call into even and odd lanes ({@link Deinterleave}). f16 rows are widened
 * one value per int lane (the low half) into an f32 strip ({@link F16Rows}), so f16 has no odd method.
 *
 * <p>bf16 is the top half of a float32, so widening is a shift or a mask. f16 has no Vector API
 * conversion in JDK 25, so we rebias by arithmetic: put the 15 magnitude bits where float32's
 * exponent/mantissa start ({@code << 13}) and multiply by {@code 2^(127-15)}; this is exact for
 * normals and subnormals alike. Inf/NaN (f16 exponent all ones) get float32's all-ones exponent.
 */
final class HalfFloats {

    // package-private: F16Rows writes the same widening out in its loop
    static final float F16_REBIAS = 0x1p112f;
    static final int F16_MAG = 0x7FFF;
    static final int F16_INF = 0x7C00;
    static final int F32_INF = 0x7F80_0000;

    private HalfFloats() {
    }

    static FloatVector bf16Even(IntVector pairs) {
        return pairs.lanewise(LSHL, 16).reinterpretAsFloats();
    }

    static FloatVector bf16Odd(IntVector pairs) {
        return pairs.and(0xFFFF_0000).reinterpretAsFloats();
    }

    /** The f16 in bits 0-15 of each lane (bits 16-31 are ignored). */
    static FloatVector f16Even(IntVector pairs) {
        IntVector mag = pairs.and(F16_MAG);
        IntVector bits = mag.lanewise(LSHL, 13).or(pairs.and(0x8000).lanewise(LSHL, 16));
        return finishF16(bits, mag.compare(GE, F16_INF));
    }

    private static FloatVector finishF16(IntVector bits, VectorMask<Integer> infOrNan) {
        return bits.lanewise(OR, F32_INF, infOrNan).reinterpretAsFloats().mul(F16_REBIAS);
    }
}
