package dev.janus.model.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.LocalExpertExecutor;
import dev.janus.model.moe.SwiGlu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ping-pong micro-batches give the same greedy tokens (the golden ones) and the same logits
 * (within 1e-5) for m = 1, 2, 3 on the fixtures' batch prompts (three sequences in one step).
 * The experts run deferred, only when awaited, as remote ones effectively do: a micro-batch that
 * reused its input or output buffers while its call was in flight would give other tokens.
 */
class MicroBatchPingPongTest {

    private static ComputePool pool;

    @BeforeAll
    static void start() {
        pool = new ComputePool(2, "ping-pong");
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2"})
    void everyMicroBatchCountGivesTheSameTokensAndLogits(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> greedy = new ArrayList<>();
        for (JsonNode p : golden.get("batch").get("prompts")) {
            prompts.add(Fixtures.ints(p.get("ids")));
            greedy.add(Fixtures.ints(p.get("greedy").get("ids")));
        }
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            for (int warm = 0; warm < 3; warm++) { // JIT warm-up: C2 may sum the last lanes in another order
                for (int m = 1; m <= 3; m++) {
                    decode(model, prompts, m, new int[1]);
                }
            }
            float[][] reference = null;
            for (int m = 1; m <= 3; m++) {
                int[] maxInFlight = new int[1];
                List<int[]> tokens = new ArrayList<>();
                float[][] logits = decode(model, prompts, m, maxInFlight, tokens);
                for (int i = 0; i < prompts.size(); i++) {
                    assertThat(tokens.get(i)).as("%s m=%d prompt %d", fixture, m, i).containsExactly(greedy.get(i));
                }
                if (reference == null) {
                    reference = logits;
                } else {
                    for (int s = 0; s < logits.length; s++) {
                        for (int j = 0; j < logits[s].length; j++) {
                            assertThat(Math.abs(logits[s][j] - reference[s][j]))
                                    .as("%s m=%d step %d logit %d", fixture, m, s, j).isLessThanOrEqualTo(1e-5f);
                        }
                    }
                }
                if (model.config().numExperts() > 0) {
                    assertThat(maxInFlight[0]).as("expert calls in flight at once, m=%d", m).isEqualTo(m);
                }
            }
        }
    }

    private static float[][] decode(Model model, List<int[]> prompts, int m, int[] maxInFlight) {
        return decode(model, prompts, m, maxInFlight, new ArrayList<>());
    }

    /** Greedy: prefill all prompts in one step, then 16 decode steps of all of them together. */
    private static float[][] decode(Model model, List<int[]> prompts, int m, int[] maxInFlight, List<int[]> tokens) {
        int steps = 16;
        int vocab = model.config().vocabSize();
        VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
        DeferredExperts experts = new DeferredExperts(
                new LocalExpertExecutor(model.weights(), model.config().hiddenSize(), new SwiGlu(kernel)), maxInFlight);
        InferenceEngine engine = new InferenceEngine(model, kernel, pool,
                new EngineOptions(16, 64, null, experts, null, m));
        return EngineRuns.greedyBatch(engine, prompts, steps, tokens);
    }

    /** Runs the experts only when awaited, counting the calls in flight. */
    private static final class DeferredExperts implements ExpertExecutor {
        private final ExpertExecutor local;
        private final int[] maxInFlight;
        private int inFlight;

        DeferredExperts(ExpertExecutor local, int[] maxInFlight) {
            this.local = local;
            this.maxInFlight = maxInFlight;
        }

        @Override
        public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
            local.execute(layer, plan, x, out);
        }

        @Override
        public Pending submit(int layer, DispatchPlan plan, float[] x, float[] out) {
            inFlight++;
            maxInFlight[0] = Math.max(maxInFlight[0], inFlight);
            return () -> {
                inFlight--;
                local.execute(layer, plan, x, out);
            };
        }
    }
}
