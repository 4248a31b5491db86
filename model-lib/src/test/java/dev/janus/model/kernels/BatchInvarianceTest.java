package dev.janus.model.kernels;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's output row is bitwise the same whatever else shares the matmul call: alone, in a
 * group of 4 (register tiles), or among 37 (tiles + leftovers, L2 blocking) — every tile does
 * the same multiply-adds in the same order. This is what makes a sequence's tokens independent
 * of the batch it runs in, and a split deployment (each instance groups rows differently) equal
 * to the monolithic one.
 *
 * <p>From the first call on: every tile reduces its lanes with {@code Lanes.sum}, whose order
 * is the same in the interpreter, C1 and C2 ({@code reduceLanes(ADD)} was not, so this test used
 * to wait for the JIT). 20 rounds per shape and token count run while the tiles get compiled; every one must match.
 */
class BatchInvarianceTest {

    @ParameterizedTest
    @MethodSource("dev.janus.model.tensor.DType#weightDtypes")
    void rowsDoNotDependOnTheTokensSharingTheCall(DType dtype) {
        Random rnd = new Random(11);
        try (ComputePool pool = new ComputePool(2, "invariance")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0);
            for (int[] shape : new int[][] {{130, 1000}, {67, 33}, {704, 1024}}) {
                WeightTensor w = TestTensors.random(dtype, shape[0], shape[1], rnd, false);
                float[] x = TestTensors.gaussian(39 * shape[1], rnd);
                for (int round = 0; round < 20; round++) {
                    for (int tokens = 37; tokens <= 39; tokens++) { // leftover 1, 2 (4 x 2 tile), 3 (4 x 2 + 4 x 1)
                        assertThat(firstDifference(kernel, w, x, tokens))
                                .as("%s [%d x %d] %d tokens, round %d", dtype, shape[0], shape[1], tokens, round).isNull();
                    }
                }
            }
        }
    }

    /** Null when every token's row alone equals its row in the shared call, bitwise. */
    private static String firstDifference(VectorMatmulKernel kernel, WeightTensor w, float[] x, int tokens) {
        int out = w.rows();
        int in = w.cols();
        float[] together = new float[tokens * out];
        kernel.matmul(w, x, together, tokens);
        float[] alone = new float[out];
        float[] one = new float[in];
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(x, t * in, one, 0, in);
            kernel.matmul(w, one, alone, 1);
            for (int o = 0; o < out; o++) {
                if (Float.floatToRawIntBits(alone[o]) != Float.floatToRawIntBits(together[t * out + o])) {
                    return "token " + t + " row " + o + ": " + alone[o] + " alone vs " + together[t * out + o];
                }
            }
        }
        return null;
    }
}
