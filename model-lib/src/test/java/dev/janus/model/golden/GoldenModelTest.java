package dev.janus.model.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import dev.janus.model.moe.RoutingDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bar: every fixture's golden values from the PyTorch reference (see each fixture's
 * README): last-position logits, top-5 logprobs at every position, 16 greedy tokens with
 * their logprobs, router choices of the first and last MoE layer, and batched == alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenModelTest {

    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = new ComputePool(2, "golden");
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    MatmulKernel kernel() {
        return new ScalarMatmulKernel();
    }

    /** Where attention over the KV cache runs (the CPU here; the device in CudaGoldenModelTest). */
    AttentionKernel.Factory attentionKernels() {
        return AttentionKernel.cpu();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void promptLogitsTop5AndRouting(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        double tol = golden.get("tolerances").get("last_logits_max_abs").doubleValue();
        double lpTol = golden.get("tolerances").get("logprob_max_abs").doubleValue();
        double routerTol = golden.get("tolerances").get("router_weight_max_abs").doubleValue();
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            int vocab = model.config().vocabSize();
            for (JsonNode prompt : golden.get("prompts")) {
                String name = fixture + "/" + prompt.get("name").asText();
                int[] ids = Fixtures.ints(prompt.get("ids"));
                RoutingRecorder recorder = new RoutingRecorder();
                InferenceEngine engine = new InferenceEngine(model, kernel(), pool,
                        EngineOptions.forTokens(ids.length + 1).withRoutingObserver(recorder)
                                .withAttentionKernels(attentionKernels()));
                float[] logits = new float[ids.length * vocab];
                StepBatch batch = new StepBatch();
                try (KvSequence seq = engine.newSequence()) {
                    batch.add(seq, ids, 0, ids.length, true);
                    engine.step(batch, logits);
                }
                JsonNode last = prompt.get("last_logits");
                int lastOff = (ids.length - 1) * vocab;
                for (int v = 0; v < vocab; v++) {
                    assertThat((double) logits[lastOff + v]).as("%s last_logits[%d]", name, v)
                            .isCloseTo(last.get(v).doubleValue(), within(tol));
                }
                for (int pos = 0; pos < ids.length; pos++) {
                    double[] lp = Fixtures.logSoftmax(logits, pos * vocab, vocab);
                    for (JsonNode pair : prompt.get("top5").get(pos)) {
                        assertThat(lp[pair.get(0).intValue()]).as("%s top5 pos %d id %d", name, pos, pair.get(0).intValue())
                                .isCloseTo(pair.get(1).doubleValue(), within(lpTol));
                    }
                }
                checkRouter(name, prompt.get("router"), recorder, routerTol, groupSize(model));
            }
        }
    }

    /** Experts per routing group (DeepSeek n_group), the number of experts when there are no groups. */
    private static int groupSize(Model model) {
        return model.config().numExperts() / model.config().routing().groups();
    }

    private static void checkRouter(String name, JsonNode router, RoutingRecorder recorder, double tol, int groupSize) {
        for (var it = router.fields(); it.hasNext(); ) {
            var e = it.next();
            int layer = Integer.parseInt(e.getKey());
            JsonNode experts = e.getValue().get("experts");
            JsonNode weights = e.getValue().get("weights");
            RoutingDecision got = recorder.first(layer);
            assertThat(got).as("%s routing of layer %d recorded", name, layer).isNotNull();
            for (int t = 0; t < experts.size(); t++) {
                Set<Integer> want = new HashSet<>();
                for (JsonNode x : experts.get(t)) {
                    want.add(x.intValue());
                }
                Set<Integer> have = new HashSet<>();
                for (int s = 0; s < got.topK(); s++) {
                    have.add(got.expert(t, s));
                }
                assertThat(have).as("%s layer %d token %d experts", name, layer, t).isEqualTo(want);
                if (e.getValue().has("groups")) { // DeepSeek: every chosen expert lies in a chosen group
                    Set<Integer> groups = new HashSet<>();
                    e.getValue().get("groups").get(t).forEach(g -> groups.add(g.intValue()));
                    for (int x : have) {
                        assertThat(groups).as("%s layer %d token %d group of expert %d", name, layer, t, x)
                                .contains(x / groupSize);
                    }
                }
                for (int s = 0; s < got.topK(); s++) {
                    int expert = got.expert(t, s);
                    for (int j = 0; j < experts.get(t).size(); j++) {
                        if (experts.get(t).get(j).intValue() == expert) {
                            assertThat((double) got.weight(t, s)).as("%s layer %d token %d weight of %d", name, layer, t, expert)
                                    .isCloseTo(weights.get(t).get(j).doubleValue(), within(tol));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void greedyContinuationsAlone(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        double lpTol = golden.get("tolerances").get("logprob_max_abs").doubleValue();
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            List<JsonNode> prompts = new ArrayList<>();
            golden.get("prompts").forEach(prompts::add);
            golden.get("batch").get("prompts").forEach(prompts::add);
            for (JsonNode prompt : prompts) {
                int[][] result = GreedyDecoder.decode(model, kernel(), attentionKernels(), pool,
                        List.of(Fixtures.ints(prompt.get("ids"))), 16, lpTol, List.of(prompt.get("greedy")));
                assertThat(result[0]).as("%s/%s greedy", fixture, prompt.get("name").asText())
                        .containsExactly(Fixtures.ints(prompt.get("greedy").get("ids")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void greedyContinuationsBatchedEqualAlone(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        double lpTol = golden.get("tolerances").get("logprob_max_abs").doubleValue();
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            List<int[]> ids = new ArrayList<>();
            List<JsonNode> greedy = new ArrayList<>();
            for (JsonNode p : golden.get("batch").get("prompts")) {
                ids.add(Fixtures.ints(p.get("ids")));
                greedy.add(p.get("greedy"));
            }
            int[][] result = GreedyDecoder.decode(model, kernel(), attentionKernels(), pool, ids, 16, lpTol, greedy);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(result[i]).as("%s batch prompt %d", fixture, i)
                        .containsExactly(Fixtures.ints(greedy.get(i).get("ids")));
            }
        }
    }
}
