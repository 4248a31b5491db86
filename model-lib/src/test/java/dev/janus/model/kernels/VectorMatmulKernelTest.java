package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dtype x pool size against {@link ScalarMatmulKernel}.
 *
 * <p>Tolerance: both kernels multiply the same exactly-widened weights (bf16/f16 widen to float
 * without rounding) in float32, so they differ only in summation order. A float32 sum of n
 * products has error at most about {@code n * 2^-24 * sum|w_i x_i|} and in practice about
 * {@code sqrt(n) * 2^-24 * sum|w_i x_i|}; we allow {@code 1e-5 * sum|w_i x_i|} (more than
 * the typical bound at n = 1000, loose enough for fma vs mul+add) plus a 1e-6 floor for n = 1.
 * A wrong index or a dropped tail element would be off by ~|w x| ~ 1, far above this.
 */
class VectorMatmulKernelTest {

    private static final int[] INS = {1, 2, 7, 33, 64, 1000};
    private static final int[] OUTS = {1, 5, 130};
    private static final int[] TOKENS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 17};

    static Stream<Arguments> dtypesAndPools() {
        List<Arguments> args = new ArrayList<>();
        for (DType d : DType.weightDtypes()) {
            for (int p = 1; p <= 3; p++) {
                args.add(Arguments.of(d, p));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} pool={1}")
    @MethodSource("dtypesAndPools")
    void matchesScalarReferenceWithOffsetsAndStrides(DType dtype, int parallelism) {
        Random rnd = new Random(42 + parallelism);
        try (ComputePool pool = new ComputePool(parallelism, "mm")) {
            // minParallelWork 0: even tiny shapes go through the pool
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0);
            for (int in : INS) {
                for (int out : OUTS) {
                    WeightTensor w = TestTensors.random(dtype, out, in, rnd, (in + out) % 2 == 0);
                    for (int tokens : TOKENS) {
                        check(kernel, w, tokens, 3, in + 5, 2, out + 3, rnd);
                        check(kernel, w, tokens, 0, in, 0, out, rnd); // dense
                    }
                }
            }
        }
    }

    @Test
    void largeShapeUsesDefaultThreshold() {
        Random rnd = new Random(7);
        try (ComputePool pool = new ComputePool(2, "mm")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            for (DType dtype : DType.weightDtypes()) {
                WeightTensor w = TestTensors.random(dtype, 301, 517, rnd, false);
                for (int tokens : new int[] {1, 4, 11}) {
                    check(kernel, w, tokens, 0, 517, 0, 301, rnd);
                }
            }
        }
    }

    @Test
    void concurrentCallersShareOneKernel() throws Exception {
        try (ComputePool pool = new ComputePool(2, "mm")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                DType dtype = DType.weightDtypes().get(c);
                long seed = c;
                Thread t = new Thread(() -> {
                    try {
                        Random rnd = new Random(seed);
                        WeightTensor w = TestTensors.random(dtype, 67, 129, rnd, false);
                        for (int rep = 0; rep < 40; rep++) {
                            check(kernel, w, 1 + rep % 6, 1, 131, 0, 67, rnd);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void rejectsInputTooShort() {
        try (ComputePool pool = new ComputePool(1, "mm")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            WeightTensor w = TestTensors.random(DType.F32, 4, 8, new Random(1), false);
            assertThatThrownBy(() -> kernel.matmul(w, new float[15], new float[8], 2))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /** Runs both kernels on fresh random input; also checks that y outside the output range is untouched. */
    private static void check(MatmulKernel kernel, WeightTensor w, int tokens,
                              int xOff, int xStride, int yOff, int yStride, Random rnd) {
        int in = w.cols();
        int out = w.rows();
        float[] x = TestTensors.gaussian(xOff + (tokens - 1) * xStride + in + 1, rnd);
        int yLen = yOff + (tokens - 1) * yStride + out + 1;
        float[] expected = new float[yLen];
        float[] actual = new float[yLen];
        Arrays.fill(expected, -7f);
        Arrays.fill(actual, -7f);
        new ScalarMatmulKernel().matmul(w, x, xOff, xStride, expected, yOff, yStride, tokens);
        kernel.matmul(w, x, xOff, xStride, actual, yOff, yStride, tokens);
        for (int i = 0; i < yLen; i++) {
            int t = (i - yOff) / yStride;
            int o = (i - yOff) % yStride;
            boolean inRange = i >= yOff && t < tokens && o < out;
            float tol = inRange ? tolerance(w, o, x, t * xStride + xOff) : 0f;
            assertThat(actual[i]).as("%s [%d x %d] tokens=%d y[%d] (token %d row %d)",
                    w.dtype(), out, in, tokens, i, t, o).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
    }

    private static float tolerance(WeightTensor w, int row, float[] x, int xb) {
        double abs = 0;
        for (int i = 0; i < w.cols(); i++) {
            abs += Math.abs((double) w.get(row, i) * x[xb + i]);
        }
        return (float) (1e-5 * abs + 1e-6);
    }
}
