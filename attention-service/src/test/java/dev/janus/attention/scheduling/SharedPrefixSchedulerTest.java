package dev.janus.attention.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.TinyModel;
import dev.janus.attention.config.SchedulerProperties;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.SamplingParams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prefix-cached KV blocks shared by several sequences under the real scheduler: n > 1 computes
 * the prompt once, and preempting or cancelling one holder of a shared prefix leaves the others
 * (and the cached content) intact. Golden tokens: tiny-mixtral's greedy reference.
 */
class SharedPrefixSchedulerTest {

    private static final int BLOCK = 16;

    private final Model model = Model.load(TinyModel.DIR);
    private final ComputeBackend backend = ComputeBackend.create("vector", 2);
    private SimpleMeterRegistry registry;
    private final TinyModel.Golden golden = TinyModel.golden("random_ids_40"); // 40 tokens: 2 full blocks + 8
    private BatchScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        backend.close();
        model.close();
    }

    private void start(int kvTokens, boolean prefixCaching) {
        registry = new SimpleMeterRegistry(); // a fresh one per scheduler: gauges bind to the first registered
        SchedulerProperties props = new SchedulerProperties(4, 16, 64, BLOCK, BLOCK, kvTokens, 0.25, 2, prefixCaching);
        InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(),
                new EngineOptions(BLOCK, kvTokens / BLOCK, null, null, null));
        scheduler = BatchScheduler.start(engine, props, new SchedulerMetrics(registry));
    }

    private GenerationRequest greedy(int choice, int maxTokens) {
        return new GenerationRequest(choice, golden.ids(), maxTokens, SamplingParams.GREEDY, -1, false, new int[0]);
    }

    /** What one choice produced. */
    private record Choice(List<Integer> tokens, String reason, int cachedPromptTokens) {
    }

    /** Every choice of a handle in choice order, until each finished. */
    private static List<Choice> drain(GenerationHandle handle) throws InterruptedException {
        Map<Integer, List<Integer>> tokens = new HashMap<>();
        Map<Integer, Choice> done = new TreeMap<>();
        while (done.size() < handle.choices()) {
            GenerationEvent e = handle.events().poll(60, TimeUnit.SECONDS);
            assertThat(e).as("an event within 60 s").isNotNull();
            switch (e) {
                case GenerationEvent.Token t -> tokens.computeIfAbsent(t.choice(), c -> new ArrayList<>()).add(t.token());
                case GenerationEvent.Finished f -> done.put(f.choice(),
                        new Choice(tokens.getOrDefault(f.choice(), List.of()), f.reason(), f.cachedPromptTokens()));
                case GenerationEvent.Failed f -> throw f.error();
                case GenerationEvent.PromptLogprobs p -> { }
            }
        }
        return List.copyOf(done.values());
    }

    private static int awaitToken(GenerationHandle handle) throws InterruptedException {
        GenerationEvent e = handle.events().poll(60, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(GenerationEvent.Token.class);
        return ((GenerationEvent.Token) e).token();
    }

    private List<Integer> goldenTokens() {
        return Arrays.stream(golden.greedy()).boxed().toList();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private void awaitNoBlocksInUse() {
        // the gauge is published after the step that released the last blocks
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.get("janus.kv.cache.blocks.used").gauge().value() == 0);
    }

    @Test
    void nChoicesComputeTheSharedPromptOnceAndGiveTheGreedyTokens() throws InterruptedException {
        start(1024, true);
        List<Choice> four = drain(scheduler.submit(List.of(greedy(0, 16), greedy(1, 16), greedy(2, 16), greedy(3, 16))));

        for (Choice c : four) {
            assertThat(c.tokens()).isEqualTo(goldenTokens());
        }
        // the first choice computes all 40 prompt positions; the others attach its 2 full blocks
        // and compute only the last 8
        assertThat(counter("janus.prompt.computed.tokens")).isEqualTo(40 + 3 * 8);
        assertThat(counter("janus.prefix.cache.hit.tokens")).isEqualTo(3 * 32);
        assertThat(four.stream().map(Choice::cachedPromptTokens)).containsExactly(0, 32, 32, 32);
        awaitNoBlocksInUse();
    }

    @Test
    void withoutPrefixCachingEveryChoiceComputesThePromptAndTheTokensAreTheSame() throws InterruptedException {
        start(1024, false);
        List<Choice> four = drain(scheduler.submit(List.of(greedy(0, 16), greedy(1, 16), greedy(2, 16), greedy(3, 16))));

        for (Choice c : four) {
            assertThat(c.tokens()).isEqualTo(goldenTokens());
            assertThat(c.cachedPromptTokens()).isZero();
        }
        assertThat(counter("janus.prompt.computed.tokens")).isEqualTo(4 * 40);
    }

    @Test
    void aChoicePreemptedWhileItsSiblingHoldsTheSharedPrefixResumesWithItsOwnTokens() throws InterruptedException {
        // choice 1 samples (seeded): its generated blocks differ from the greedy leader's, so they
        // cannot be deduplicated onto the leader's and memory really runs out
        GenerationRequest sampled = new GenerationRequest(1, golden.ids(), 16, new SamplingParams(1f, 1f, 0, 7L, false, 0),
                -1, false, new int[0]);
        start(1024, false);
        List<Integer> alone = drain(scheduler.submit(List.of(sampled))).getFirst().tokens();
        scheduler.close();

        // 5 blocks: the leader takes 3 (prompt + first token), its sibling attaches the 2 full prompt
        // blocks and takes 1; at position 48 both need a 4th, so the newest (the sibling) is
        // preempted while the leader still reads the shared prefix
        start(5 * BLOCK, true);
        List<Choice> two = drain(scheduler.submit(List.of(greedy(0, 16), sampled)));

        assertThat(counter("janus.scheduler.preemptions")).isPositive();
        assertThat(two.get(0).tokens()).isEqualTo(goldenTokens());
        assertThat(two.get(1).tokens()).isEqualTo(alone);
        assertThat(two.get(1).cachedPromptTokens()).isEqualTo(32);
        awaitNoBlocksInUse();
    }

    @Test
    void cancellingHoldersOfASharedPrefixLeavesTheOtherAndTheCachedBlocksIntact() throws InterruptedException {
        start(1024, true);
        GenerationHandle owner = scheduler.submit(List.of(greedy(0, 1500))); // computed the prefix, still decoding
        awaitToken(owner);
        GenerationHandle kept = scheduler.submit(List.of(greedy(0, 16)));
        GenerationHandle attached = scheduler.submit(List.of(greedy(0, 1500)));
        int first = awaitToken(kept);
        awaitToken(attached);
        owner.cancel(); // while kept and attached read its prompt blocks
        attached.cancel();

        Choice survivor = drain(kept).getFirst();
        List<Integer> tokens = new ArrayList<>(List.of(first)); // its first token was read above
        tokens.addAll(survivor.tokens());
        assertThat(tokens).isEqualTo(goldenTokens());
        assertThat(survivor.cachedPromptTokens()).isEqualTo(32);
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("janus.sequences")
                .tag("finish_reason", "cancelled").counter() != null
                && registry.get("janus.sequences").tag("finish_reason", "cancelled").counter().count() == 2);
        awaitNoBlocksInUse();

        // the prefix's blocks are unreferenced but still cached: a new request reuses them
        Choice again = drain(scheduler.submit(List.of(greedy(0, 16)))).getFirst();
        assertThat(again.tokens()).isEqualTo(goldenTokens());
        assertThat(again.cachedPromptTokens()).isEqualTo(32);
        awaitNoBlocksInUse();
    }
}
