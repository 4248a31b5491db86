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
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ping-pong micro-batches over three in-process MoE instances: for m = 1, 2, 3 the split engine
 * decodes tiny-mixtral's batch prompts (three sequences per step) to the golden greedy tokens,
 * with logits within 1e-5 of the monolithic engine's.
 */
public class MicroBatchSplitTest {

    @Test
    void inProcessSplitGivesGoldenTokensForEveryMicroBatchCount() {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "mb-split");
             ReplicatedMixtral cluster = new ReplicatedMixtral(new VectorMatmulKernel(pool))) {
            RemoteExpertExecutor executor = new RemoteExpertExecutor(cluster.placement,
                    new InProcessTransport(cluster.workers), model.config().hiddenSize(), Duration.ofSeconds(10));
            assertEveryMicroBatchCountDecodesGolden(model, pool,
                    m -> new EngineOptions(16, 64, new ReplicatedMixtral.SpreadOverReplicas(cluster.placement), executor, null, m));
        }
    }

    /** Golden greedy tokens for m = 1, 2, 3, logits within 1e-5 of monolithic (after JIT warm-up). */
    public static void assertEveryMicroBatchCountDecodesGolden(Model model, ComputePool pool,
                                                                IntFunction<EngineOptions> split) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> greedy = new ArrayList<>();
        for (JsonNode p : Fixtures.golden("tiny-mixtral").get("batch").get("prompts")) {
            prompts.add(Fixtures.ints(p.get("ids")));
            greedy.add(Fixtures.ints(p.get("greedy").get("ids")));
        }
        VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
        InferenceEngine monolithic = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(1024));
        for (int warm = 0; warm < 3; warm++) { // the JIT's lane-reduction order changes while it warms up
            EngineRuns.greedyBatch(monolithic, prompts, 16, new ArrayList<>());
            for (int m = 1; m <= 3; m++) {
                EngineRuns.greedyBatch(new InferenceEngine(model, kernel, pool, split.apply(m)), prompts, 16, new ArrayList<>());
            }
        }
        float[][] reference = EngineRuns.greedyBatch(monolithic, prompts, 16, new ArrayList<>());
        for (int m = 1; m <= 3; m++) {
            List<int[]> tokens = new ArrayList<>();
            float[][] logits = EngineRuns.greedyBatch(new InferenceEngine(model, kernel, pool, split.apply(m)), prompts, 16, tokens);
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(tokens.get(i)).as("m=%d prompt %d", m, i).containsExactly(greedy.get(i));
            }
            for (int s = 0; s < logits.length; s++) {
                for (int j = 0; j < logits[s].length; j++) {
                    assertThat(Math.abs(logits[s][j] - reference[s][j])).as("m=%d step %d logit %d", m, s, j)
                            .isLessThanOrEqualTo(1e-5f);
                }
            }
        }
    }
}
