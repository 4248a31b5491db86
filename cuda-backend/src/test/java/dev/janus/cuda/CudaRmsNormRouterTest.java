package dev.janus.cuda;

import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.Model;
import dev.janus.model.moe.RoutingDecision;
import dev.janus.model.moe.SoftmaxTopKRouter;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** RMSNorm and the softmax top-k router against model-lib's CPU code (GPU only). */
class CudaRmsNormRouterTest {

    /** Tolerance: max error ≤ 1e-5 of the output's scale (one rsqrt and a block-order sum). */
    @Test
    void rmsNormEqualsVectorMath() {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 5;
        int n = 4099;
        float[] x = RandomTensors.floats(rows * n, 3f, rnd);
        float[] w = RandomTensors.floats(n, 1.5f, rnd);
        float[] want = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            VectorMath.rmsNorm(want, r * n, x, r * n, w, 0, n, 1e-6f);
        }
        var d = GpuTests.arrays();
        CUdeviceptr out = d.zeros(4L * rows * n);
        GpuTests.accelerator().kernels().rmsNorm(d.floats(x), d.floats(w), out, rows, n, 1e-6f);
        assertThat(RandomTensors.scaledError(d.floats(out, rows * n), want, rows * n)).isLessThan(1e-5);
    }

    /**
     * The router of a fixture on its own gate weights and random hidden states: the same experts
     * in the same order, weights within 1e-6 (float32 softmax, both sides).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-olmoe", "tiny-qwen3moe"})
    void routerEqualsSoftmaxTopKRouter(String fixture) {
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            var cfg = model.config();
            int tokens = 33;
            int experts = cfg.numExperts();
            int k = cfg.numExpertsPerToken();
            SplittableRandom rnd = new SplittableRandom(fixture.hashCode());
            float[] x = RandomTensors.floats(tokens * cfg.hiddenSize(), 2f, rnd);
            ScalarMatmulKernel scalar = new ScalarMatmulKernel();
            RoutingDecision want = new RoutingDecision();
            new SoftmaxTopKRouter(model.weights(), scalar, experts, k, cfg.normTopkProb()).route(0, x, tokens, want);

            float[] logits = new float[tokens * experts];
            scalar.matmul(model.weights().layers()[0].moe().router(), x, logits, tokens);
            var d = GpuTests.arrays();
            CUdeviceptr ids = d.zeros(4L * tokens * k);
            CUdeviceptr weights = d.zeros(4L * tokens * k);
            GpuTests.accelerator().kernels().routerSoftmaxTopK(d.floats(logits), ids, weights, tokens, experts, k,
                    cfg.normTopkProb());
            int[] gotIds = d.ints(ids, tokens * k);
            float[] gotWeights = d.floats(weights, tokens * k);
            for (int t = 0; t < tokens; t++) {
                for (int s = 0; s < k; s++) {
                    assertThat(gotIds[t * k + s]).as("token %d slot %d", t, s).isEqualTo(want.expert(t, s));
                    assertThat(gotWeights[t * k + s]).isCloseTo(want.weight(t, s), within(1e-6f));
                }
            }
        }
    }
}
