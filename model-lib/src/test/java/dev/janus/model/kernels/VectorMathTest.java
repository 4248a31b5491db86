package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorMath} against {@link ScalarMath} at sizes around the vector length, at offsets.
 * Element-wise ops (axpy, scale, add, widenRow) differ by at most an fma's single rounding
 * (1 ulp); reductions by summation order, bounded relative to the sum of magnitudes
 * ({@code 1e-5 * sum|terms|}, see {@link VectorMatmulKernelTest}); exp-based ops by the
 * vector exp's few-ulp error ({@code 1e-5} relative).
 */
class VectorMathTest {

    private static final int OFF = 3;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 33, 64, 1000, 4099})
    void dotAxpyScaleAdd(int n) {
        Random rnd = new Random(n);
        float[] a = TestTensors.gaussian(n + OFF + 2, rnd);
        float[] b = TestTensors.gaussian(n + 2 * OFF, rnd);
        float abs = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs(a[OFF + i] * b[2 * OFF + i]);
        }
        assertThat(VectorMath.dot(a, OFF, b, 2 * OFF, n))
                .isCloseTo(ScalarMath.dot(a, OFF, b, 2 * OFF, n), offset(1e-5f * abs + 1e-6f));

        float[] y1 = b.clone();
        float[] y2 = b.clone();
        VectorMath.axpy(0.37f, a, OFF, y1, 2 * OFF, n);
        ScalarMath.axpy(0.37f, a, OFF, y2, 2 * OFF, n);
        assertClose(y1, y2, 1e-6f, 1f);

        VectorMath.scale(y1, 1, n, -1.7f);
        ScalarMath.scale(y2, 1, n, -1.7f);
        assertClose(y1, y2, 1e-6f, 1f);

        VectorMath.add(a, OFF, y1, 2, n);
        ScalarMath.add(a, OFF, y2, 2, n);
        assertClose(y1, y2, 1e-6f, 1f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 1000, 4099})
    void rmsNormSoftmaxSiluMul(int n) {
        Random rnd = new Random(100 + n);
        float[] x = TestTensors.gaussian(n + OFF, rnd);
        float[] w = TestTensors.gaussian(n + 1, rnd);
        float[] o1 = new float[n + 2];
        float[] o2 = new float[n + 2];
        VectorMath.rmsNorm(o1, 2, x, OFF, w, 1, n, 1e-6f);
        ScalarMath.rmsNorm(o2, 2, x, OFF, w, 1, n, 1e-6f);
        assertClose(o1, o2, 1e-5f, 1e-3f);

        float[] s1 = x.clone();
        float[] s2 = x.clone();
        for (int i = 0; i < s1.length; i++) { // logits-like range
            s1[i] *= 8;
            s2[i] *= 8;
        }
        VectorMath.softmax(s1, OFF, n);
        ScalarMath.softmax(s2, OFF, n);
        assertClose(s1, s2, 1e-5f, 1e-3f);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += s1[OFF + i];
        }
        assertThat(total).isCloseTo(1.0, offset(1e-4));

        float[] a1 = x.clone();
        float[] a2 = x.clone();
        a1[0] = a2[0] = -200f; // exp overflow must give -0, not NaN
        VectorMath.siluMul(a1, 0, w, 1, n);
        ScalarMath.siluMul(a2, 0, w, 1, n);
        assertClose(a1, a2, 1e-5f, 1e-3f);
    }

    @ParameterizedTest
    @MethodSource("dev.janus.model.tensor.DType#weightDtypes")
    void widenRowIsExact(DType dtype) {
        Random rnd = new Random(dtype.ordinal());
        for (int cols : new int[] {1, 7, 16, 33, 1000}) {
            WeightTensor w = TestTensors.random(dtype, 3, cols, rnd, cols % 2 == 0);
            for (int row = 0; row < 3; row++) {
                float[] v = new float[cols + OFF];
                float[] s = new float[cols + OFF];
                VectorMath.widenRow(w, row, v, OFF);
                ScalarMath.widenRow(w, row, s, OFF);
                assertThat(v).containsExactly(s);
            }
        }
    }

    /**
     * Element-wise: {@code |a - b| <= relTol * max(|a|, |b|, floor)}. axpy/add use floor 1: the
     * inputs are O(1) and an fma's rounding is relative to the terms, not to a result that may
     * have cancelled to near zero.
     */
    private static void assertClose(float[] actual, float[] expected, float relTol, float floor) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            float scale = Math.max(Math.max(Math.abs(actual[i]), Math.abs(expected[i])), floor);
            assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], offset(relTol * scale));
        }
    }
}
