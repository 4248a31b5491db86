package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.tensor.Bf16Tensor;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** Exhaustive: every 16-bit pattern widens like the scalar code (bf16: in both halves of an int lane; f16: the low half). */
class HalfFloatsTest {

    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    @Test
    void f16WideningMatchesFloat16ToFloatForAllPatterns() {
        check(true);
    }

    @Test
    void bf16WideningMatchesToFloatForAllPatterns() {
        check(false);
    }

    private static void check(boolean f16) {
        int n = I.length();
        int[] pairs = new int[n];
        float[] even = new float[n];
        float[] odd = new float[n];
        for (int base = 0; base < 1 << 16; base += n) {
            for (int k = 0; k < n; k++) {
                int lo = base + k;
                int hi = (lo * 40503 + 12345) & 0xFFFF; // a different pattern in the other half
                pairs[k] = lo | (hi << 16);
            }
            IntVector v = IntVector.fromArray(I, pairs, 0);
            (f16 ? HalfFloats.f16Even(v) : HalfFloats.bf16Even(v)).intoArray(even, 0);
            for (int k = 0; k < n; k++) {
                assertSame(even[k], widen(f16, (short) pairs[k]), pairs[k] & 0xFFFF);
            }
            if (!f16) { // f16 is widened from the low half only (F16Rows)
                HalfFloats.bf16Odd(v).intoArray(odd, 0);
                for (int k = 0; k < n; k++) {
                    assertSame(odd[k], widen(false, (short) (pairs[k] >>> 16)), pairs[k] >>> 16);
                }
            }
        }
    }

    private static float widen(boolean f16, short bits) {
        return f16 ? Float.float16ToFloat(bits) : Bf16Tensor.toFloat(bits);
    }

    /** Bit-identical, except that any NaN matches any NaN (payloads may differ). */
    private static void assertSame(float actual, float expected, int pattern) {
        if (Float.isNaN(expected)) {
            assertThat(actual).as("pattern %04x", pattern).isNaN();
        } else {
            assertThat(Float.floatToRawIntBits(actual)).as("pattern %04x: %s vs %s", pattern, actual, expected)
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
