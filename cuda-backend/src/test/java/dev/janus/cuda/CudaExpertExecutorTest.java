package dev.janus.cuda;

import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.model.MlpWeights;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.GroupedExpertFfn;
import dev.janus.model.moe.SwiGlu;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouped expert FFN on the device against model-lib's GroupedExpertFfn with the scalar
 * kernel, on random bf16 and block-scaled FP8 experts and random routing (GPU only). The device rounds the gathered
 * activations and silu(gate)·up to bf16 before the tensor-core GEMMs, as bf16 inference does;
 * tolerance: max error ≤ 1e-2 of the output's scale. Cases cover an expert with no rows, groups
 * longer than one 64-row tile, and a host without some experts.
 */
class CudaExpertExecutorTest {

    @ParameterizedTest(name = "{6}: {0} tokens, top-{1} of {2} experts, hidden {3}, intermediate {4}, hot expert {5}")
    @CsvSource({
            "1, 2, 8, 64, 96, -1, BF16",
            "37, 2, 8, 64, 96, -1, BF16",
            "200, 2, 8, 128, 64, 3, BF16",   // expert 3 takes every token's first slot: 200 rows, 4 tiles
            "16, 6, 64, 256, 128, -1, BF16", // Qwen-like fan-out, most experts idle
            "37, 2, 8, 256, 384, -1, F8_E4M3",  // 128 x 128 blocks, 2 x 3 per gate/up
            "200, 2, 8, 192, 160, 3, F8_E4M3",  // partial blocks at the edges
    })
    void groupedFfnEqualsTheCpuReference(int tokens, int k, int experts, int hidden, int inter, int hot, DType dtype) {
        SplittableRandom rnd = new SplittableRandom(tokens * 1000L + experts);
        MlpWeights[] weights = new MlpWeights[experts];
        for (int e = 0; e < experts; e++) {
            weights[e] = new MlpWeights(weight(dtype, "gate" + e, inter, hidden, rnd),
                    weight(dtype, "up" + e, inter, hidden, rnd), weight(dtype, "down" + e, hidden, inter, rnd));
        }
        DispatchPlan plan = new DispatchPlan();
        plan.reset(tokens, k, experts);
        for (int t = 0; t < tokens; t++) {
            int[] chosen = rnd.ints(0, experts).distinct().limit(k).toArray();
            if (hot >= 0 && chosen[0] != hot) {
                for (int s = 1; s < k; s++) {
                    if (chosen[s] == hot) {
                        chosen[s] = chosen[0];
                    }
                }
                chosen[0] = hot;
            }
            for (int s = 0; s < k; s++) {
                plan.setPhysical(t * k + s, chosen[s]);
            }
        }
        float[] x = RandomTensors.floats(tokens * hidden, 1f, rnd);
        float[] want = new float[tokens * k * hidden];
        new GroupedExpertFfn(new SwiGlu(new ScalarMatmulKernel())).run(weights, 0, plan, x, hidden, want);

        float[] got = new float[tokens * k * hidden];
        var layer = SyntheticModel.oneMoeLayer(weights);
        GpuTests.accelerator().expertExecutor(layer, hidden, new ScalarMatmulKernel()).execute(0, plan, x, got);
        assertThat(RandomTensors.scaledError(got, want, got.length)).isLessThan(1e-2);
    }

    private static WeightTensor weight(DType dtype, String name, int rows, int cols, SplittableRandom rnd) {
        return dtype == DType.BF16 ? RandomTensors.bf16(name, rows, cols, 0.2f, rnd)
                : RandomTensors.fp8(name, rows, cols, 128, 0.2f, rnd);
    }
}
