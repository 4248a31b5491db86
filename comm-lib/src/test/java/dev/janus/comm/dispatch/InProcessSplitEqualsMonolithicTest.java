package dev.janus.comm.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experts on three in-process MoE instances with replicated experts: dispatch, per-instance
 * execution and scatter give the same logits as the monolithic engine (within 1e-5) on every
 * golden prompt of tiny-mixtral.
 */
public class InProcessSplitEqualsMonolithicTest {

    @Test
    void splitLogitsEqualMonolithic() {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "split");
             ReplicatedMixtral cluster = new ReplicatedMixtral(new VectorMatmulKernel(pool))) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            RemoteExpertExecutor executor = new RemoteExpertExecutor(cluster.placement,
                    new InProcessTransport(cluster.workers), model.config().hiddenSize(), Duration.ofSeconds(10));
            InferenceEngine monolithic = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(1024));
            InferenceEngine split = new InferenceEngine(model, kernel, pool,
                    new EngineOptions(16, 64, new ReplicatedMixtral.SpreadOverReplicas(cluster.placement), executor, null));
            assertSameLogits(monolithic, split, model.config().vocabSize());
        }
    }

    /**
     * Every golden prompt gives the same logits (within 1e-5) on both engines, once the JIT has
     * settled ({@link EngineRuns#untilJitSettles}; both engines first run every prompt once).
     */
    public static void assertSameLogits(InferenceEngine a, InferenceEngine b, int vocab) {
        for (JsonNode prompt : Fixtures.golden("tiny-mixtral").get("prompts")) {
            int[] ids = Fixtures.ints(prompt.get("ids"));
            EngineRuns.prefillLogits(a, ids);
            EngineRuns.prefillLogits(b, ids);
        }
        EngineRuns.untilJitSettles(4, () -> {
            for (JsonNode prompt : Fixtures.golden("tiny-mixtral").get("prompts")) {
                int[] ids = Fixtures.ints(prompt.get("ids"));
                float[] la = EngineRuns.prefillLogits(a, ids);
                float[] lb = EngineRuns.prefillLogits(b, ids);
                for (int i = 0; i < la.length; i++) {
                    assertThat(Math.abs(la[i] - lb[i])).as("%s logit %d", prompt.get("name").asText(), i)
                            .isLessThanOrEqualTo(1e-5f);
                }
            }
        });
    }

}
