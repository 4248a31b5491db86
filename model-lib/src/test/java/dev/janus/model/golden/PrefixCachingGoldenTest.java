package dev.janus.model.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.kv.PrefixHit;
import dev.janus.model.model.Model;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sequence that starts from another's cached blocks computes the same logits, bit for bit, as
 * one that computes the same chunks without the cache, and the golden greedy tokens: for the
 * GQA cache and the MLA latent cache (DeepSeek). Blocks of 4 tokens, so every golden prompt has cached blocks,
 * and hits of every length up to "all but the last token" (which is always computed: its
 * logits are the output).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefixCachingGoldenTest {

    private static final int BLOCK = 4;
    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = new ComputePool(2, "prefix-golden");
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void cachedPrefixesGiveIdenticalLogitsAndTheGoldenTokens(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            int vocab = model.config().vocabSize();
            InferenceEngine engine = engine(model);
            double tolerance = golden.get("tolerances").get("last_logits_max_abs").doubleValue();
            int checkedHits = 0;
            for (JsonNode prompt : golden.get("prompts")) {
                int[] ids = Fixtures.ints(prompt.get("ids"));
                String name = fixture + "/" + prompt.get("name").asText();
                // an earlier request computed a prefix of this prompt: every block-aligned length
                for (int computed = BLOCK; computed <= ids.length; computed += BLOCK) {
                    int expectedHit = Math.min(computed, (ids.length - 1) / BLOCK * BLOCK);
                    int prefix = computed;
                    EngineRuns.untilJitSettles(30, () -> compareWithUncached(model, ids, prefix, expectedHit, name, tolerance));
                    checkedHits += expectedHit > 0 ? 1 : 0;
                }
                computeAndIndex(engine, ids, ids.length);
                assertThat(greedyAfterHit(engine, ids, 16)).as("%s greedy after a hit", name)
                        .containsExactly(Fixtures.ints(prompt.get("greedy").get("ids")));
            }
            assertThat(checkedHits).isPositive();
            assertThat(engine.kvCache().freeBlocks()).isEqualTo(engine.kvCache().totalBlocks());
        }
    }

    /**
     * The prompt's logits after attaching the cached blocks of {@code ids[0, prefix)} (computed
     * just before by another sequence) vs a sequence without the cache that computes the same
     * chunks itself: bit for bit. (Chunked prefill now equals the one-step prefill bit for bit too,
     * ChunkedPrefillInvarianceTest; the ulps once measured here came from reduceLanes' JIT-tier
     * dependent order.) Against the whole prompt in one step within the fixture's tolerance.
     */
    private void compareWithUncached(Model model, int[] ids, int prefix, int expectedHit, String name, double tolerance) {
        InferenceEngine engine = engine(model); // a fresh cache: its blocks come from this one computation
        int vocab = engine.config().vocabSize();
        computeAndIndex(engine, ids, prefix);
        PrefixHit hit = engine.kvCache().findPrefix(ids, ids.length - 1);
        assertThat(hit.tokens()).as("%s hit after %d computed", name, prefix).isEqualTo(expectedHit);
        int rest = ids.length - hit.tokens();
        float[] cached = new float[rest * vocab];
        try (KvSequence second = engine.newSequence()) {
            second.attachPrefix(hit);
            prefill(engine, second, ids, hit.tokens(), rest, cached);
        }
        float[] uncached = new float[rest * vocab];
        try (KvSequence control = engine.newSequence()) { // the same chunks, computed without the cache
            prefill(engine, control, ids, 0, prefix, new float[prefix * vocab]);
            control.truncate(hit.tokens());
            prefill(engine, control, ids, hit.tokens(), rest, uncached);
        }
        assertThat(cached).as("%s logits after a %d-token hit", name, hit.tokens()).isEqualTo(uncached);
        float[] full = EngineRuns.prefillLogits(engine, ids);
        for (int i = 0; i < cached.length; i++) {
            assertThat((double) cached[i]).as("%s logit %d vs one-step prefill", name, i)
                    .isCloseTo(full[hit.tokens() * vocab + i], within(tolerance));
        }
    }

    private InferenceEngine engine(Model model) {
        return new InferenceEngine(model, new VectorMatmulKernel(pool), pool, new EngineOptions(BLOCK, 64, null, null, null));
    }

    /** A finished request that computed {@code ids[0, n)}: its full blocks stay cached. */
    private static void computeAndIndex(InferenceEngine engine, int[] ids, int n) {
        try (KvSequence first = engine.newSequence()) {
            prefill(engine, first, ids, 0, n, new float[n * engine.config().vocabSize()]);
            first.indexFullBlocks(ids);
        }
    }

    /** Greedy tokens of a sequence that attaches the longest cached prefix of {@code ids}. */
    private static int[] greedyAfterHit(InferenceEngine engine, int[] ids, int steps) {
        int vocab = engine.config().vocabSize();
        int[] out = new int[steps];
        float[] logits = new float[vocab];
        try (KvSequence seq = engine.newSequence()) {
            PrefixHit hit = engine.kvCache().findPrefix(ids, ids.length - 1);
            seq.attachPrefix(hit);
            StepBatch batch = new StepBatch();
            batch.add(seq, ids, hit.tokens(), ids.length - hit.tokens(), false);
            for (int s = 0; s < steps; s++) {
                engine.step(batch, logits);
                out[s] = Fixtures.argmax(logits, 0, vocab);
                batch.clear();
                batch.add(seq, new int[] {out[s]}, 0, 1, false);
            }
        }
        return out;
    }

    private static void prefill(InferenceEngine engine, KvSequence seq, int[] ids, int from, int count, float[] logits) {
        StepBatch batch = new StepBatch();
        batch.add(seq, ids, from, count, true);
        engine.step(batch, logits);
    }
}
