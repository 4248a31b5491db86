package dev.janus.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fixtures' prompts through the engine with the whole layer step on the device: bf16 and FP8
 * linear layers on the GPU (tensor cores from 9 tokens, as served), attention over a device copy
 * of the KV cache, and the routed experts in the device's grouped FFN (GPU only). Activations
 * are rounded to bf16 at the GEMM inputs, so the bar is looser than the float32 reference's:
 * last-position logits within 0.05 of the golden, and the golden next token on top wherever its
 * margin over the runner-up exceeds 0.1.
 */
class CudaExpertsGoldenTest {

    static final double LOGIT_TOLERANCE = 0.05;
    static final double CLEAR_MARGIN = 0.1;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void promptLogitsWithExpertsOnTheDevice(String fixture) {
        CudaAccelerator gpu = GpuTests.accelerator();
        JsonNode golden = Fixtures.golden(fixture);
        try (Model model = Model.load(Fixtures.dir(fixture)); ComputePool pool = new ComputePool(1, "cuda-golden")) {
            MatmulKernel cpu = new ScalarMatmulKernel();
            MatmulKernel matmul = gpu.matmul(cpu);
            int vocab = model.config().vocabSize();
            for (JsonNode prompt : golden.get("prompts")) {
                int[] ids = Fixtures.ints(prompt.get("ids"));
                InferenceEngine engine = new InferenceEngine(model, matmul, pool, EngineOptions.forTokens(ids.length + 1)
                        .withExpertExecutor(gpu.expertExecutor(model.weights(), model.config().hiddenSize(), cpu))
                        .withAttentionKernels((shape, p) -> gpu.attention(shape, AttentionKernel.cpu().create(shape, p))));
                float[] logits = EngineRuns.prefillLogits(engine, ids);
                JsonNode last = prompt.get("last_logits");
                int off = (ids.length - 1) * vocab;
                for (int v = 0; v < vocab; v++) {
                    assertThat((double) logits[off + v]).as("%s/%s logit %d", fixture, prompt.get("name").asText(), v)
                            .isCloseTo(last.get(v).doubleValue(), within(LOGIT_TOLERANCE));
                }
                double margin = prompt.get("greedy").get("margins").get(0).doubleValue();
                if (margin > CLEAR_MARGIN) {
                    assertThat(Fixtures.argmax(logits, off, vocab)).isEqualTo(prompt.get("greedy").get("ids").get(0).intValue());
                }
            }
        }
    }
}
