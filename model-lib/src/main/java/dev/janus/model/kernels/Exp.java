package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.F2I;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 {@code exp} built from lanewise IEEE operations only, with a scalar twin that performs
 * the same operations: the same bits in a vector lane and in a loop's scalar tail, and in every
 * JIT tier. ({@code lanewise(EXP)} is an SVML stub under C2 but {@code Math.exp} per lane in the
 * interpreter and C1, and {@code Math.exp} in a tail is a third implementation; which one a value
 * met depended on tier and on where the value fell in the loop, so softmax and SwiGLU results
 * depended on the batch and chunk shape.)
 *
 * <p>Cephes {@code expf}: {@code n = rint(x / ln 2)} (by the 1.5 * 2^23 trick), {@code r = x - n ln2}
 * in two parts, a degree-6 polynomial for {@code e^r} on [-ln2/2, ln2/2], times {@code 2^n}
 * built in the exponent bits. Within 2 ulp of the true value (tested against {@code Math.exp});
 * below -87.34 (where float exp turns subnormal) the result is 0, above 88.38 (within a factor
 * 1.42 of the largest float) +infinity, NaN stays NaN: ample for softmax (x &lt;= 0) and SiLU.
 */
final class Exp {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND = 0x1.8p23f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    private static final float LOW = -87.33654f;   // ln(2^-126): the smallest normal result
    private static final float HIGH = 88.37626f;   // 127.5 ln 2: n stays <= 127 below it

    private Exp() {
    }

    static FloatVector exp(FloatVector x) {
        FloatVector n = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3))
                .fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) n.convertShape(F2I, I, 0)).add(127).lanewise(LSHL, 23);
        FloatVector out = y.mul(bits.reinterpretAsFloats());
        return out.blend(0f, x.compare(LT, LOW)).blend(Float.POSITIVE_INFINITY, x.compare(GT, HIGH));
    }

    static float exp(float x) {
        float n = x * LOG2E + ROUND - ROUND;
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        float y = p * (r * r) + r + 1f;
        float out = y * Float.intBitsToFloat(((int) n + 127) << 23);
        return x < LOW ? 0f : x > HIGH ? Float.POSITIVE_INFINITY : out;
    }
}
