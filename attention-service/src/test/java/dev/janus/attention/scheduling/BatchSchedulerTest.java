package dev.janus.attention.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.TinyModel;
import dev.janus.attention.config.SchedulerProperties;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.sampling.TokenLogprob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler on the engine directly: batching, chunked prefill and preemption do not change tokens. */
class BatchSchedulerTest {

    private final Model model = Model.load(TinyModel.DIR);
    private final ComputeBackend backend = ComputeBackend.create("vector", 2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private BatchScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        backend.close();
        model.close();
    }

    private BatchScheduler start(int maxRunning, int maxQueued, int maxStepTokens, int prefillChunk, int kvTokens) {
        return start(maxRunning, maxQueued, maxStepTokens, prefillChunk, kvTokens, true);
    }

    private BatchScheduler start(int maxRunning, int maxQueued, int maxStepTokens, int prefillChunk, int kvTokens,
                                 boolean prefixCaching) {
        SchedulerProperties props = new SchedulerProperties(maxRunning, maxQueued, maxStepTokens, prefillChunk, 16, kvTokens,
                0.25, 2, prefixCaching);
        InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(),
                new EngineOptions(props.kvBlockSize(), kvTokens / 16, null, null, null));
        scheduler = BatchScheduler.start(engine, props, new SchedulerMetrics(registry));
        return scheduler;
    }

    private static GenerationRequest greedy(int choice, int[] prompt, int maxTokens) {
        return new GenerationRequest(choice, prompt, maxTokens, SamplingParams.GREEDY, -1, false, new int[0]);
    }

    /** Tokens per choice, until every choice finished. */
    private static List<List<Integer>> drain(GenerationHandle handle) throws InterruptedException {
        List<List<Integer>> tokens = new ArrayList<>();
        for (int i = 0; i < handle.choices(); i++) {
            tokens.add(new ArrayList<>());
        }
        int open = handle.choices();
        while (open > 0) {
            GenerationEvent e = handle.events().poll(60, TimeUnit.SECONDS);
            assertThat(e).as("an event within 60 s").isNotNull();
            switch (e) {
                case GenerationEvent.Token t -> tokens.get(t.choice()).add(t.token());
                case GenerationEvent.Finished f -> open--;
                case GenerationEvent.Failed f -> throw f.error();
                case GenerationEvent.PromptLogprobs p -> { }
            }
        }
        return tokens;
    }

    private static List<Integer> list(int[] ids) {
        return java.util.Arrays.stream(ids).boxed().toList();
    }

    @Test
    void manySequencesInATightKvCacheGiveTheGoldenTokens() throws InterruptedException {
        // 128 tokens of KV for 27 sequences of 17..56 tokens: admission waits, decodes preempt
        start(16, 64, 64, 8, 128);
        List<TinyModel.Golden> golden = TinyModel.all();
        List<GenerationRequest> requests = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            for (TinyModel.Golden g : golden) {
                requests.add(greedy(requests.size(), g.ids(), 16));
            }
        }
        List<List<Integer>> tokens = drain(scheduler.submit(requests));
        for (int i = 0; i < requests.size(); i++) {
            assertThat(tokens.get(i)).as("sequence %d", i).isEqualTo(list(golden.get(i % golden.size()).greedy()));
        }
        assertThat(registry.get("janus.scheduler.preemptions").counter().count()).isPositive();
        assertThat(registry.get("janus.kv.cache.blocks.used").gauge().value()).isZero();
        assertThat(registry.get("janus.scheduler.waiting.sequences").gauge().value()).isZero();
        assertThat(registry.get("janus.sequences").tag("finish_reason", "length").counter().count()).isEqualTo(requests.size());
        assertThat(registry.get("janus.generation.tokens").counter().count()).isEqualTo(16.0 * requests.size());
        assertThat(registry.get("janus.time.to.first.token").timer().count()).isEqualTo(requests.size());
    }

    /** Greedy tokens and the Finished event's cached prompt tokens of one request. */
    private static int finishedCached(GenerationHandle handle, List<Integer> tokens) throws InterruptedException {
        while (true) {
            GenerationEvent e = handle.events().poll(60, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            switch (e) {
                case GenerationEvent.Token t -> tokens.add(t.token());
                case GenerationEvent.Finished f -> {
                    return f.cachedPromptTokens();
                }
                case GenerationEvent.Failed f -> throw f.error();
                case GenerationEvent.PromptLogprobs p -> { }
            }
        }
    }

    @Test
    void aRepeatedPromptReusesItsCachedBlocksAndGivesTheGoldenTokens() throws InterruptedException {
        start(4, 8, 64, 16, 1024); // chunks of 16: the prompt is computed over several steps
        TinyModel.Golden g = TinyModel.golden("random_ids_40");
        List<Integer> first = new ArrayList<>();
        assertThat(finishedCached(scheduler.submit(List.of(greedy(0, g.ids(), 16))), first)).isZero();
        List<Integer> second = new ArrayList<>();
        assertThat(finishedCached(scheduler.submit(List.of(greedy(0, g.ids(), 16))), second)).isEqualTo(32);
        assertThat(first).isEqualTo(list(g.greedy()));
        assertThat(second).isEqualTo(list(g.greedy()));
        assertThat(registry.get("janus.prefix.cache.prompt.tokens").counter().count()).isEqualTo(80);
        assertThat(registry.get("janus.prefix.cache.hit.tokens").counter().count()).isEqualTo(32);
        assertThat(registry.get("janus.kv.cache.blocks.cached").gauge().value()).isPositive();
    }

    @Test
    void aHitOfAllButTheLastTokenStillComputesItAndMatchesCachingOff() throws InterruptedException {
        int[] prompt = java.util.Arrays.copyOf(TinyModel.golden("random_ids_40").ids(), 33); // 2 full blocks + 1
        start(4, 8, 64, 64, 1024, false);
        List<Integer> off = new ArrayList<>();
        assertThat(finishedCached(scheduler.submit(List.of(greedy(0, prompt, 12))), off)).isZero();
        scheduler.close();
        start(4, 8, 64, 64, 1024, true);
        List<Integer> warm = new ArrayList<>();
        finishedCached(scheduler.submit(List.of(greedy(0, prompt, 12))), warm);
        List<Integer> hit = new ArrayList<>();
        assertThat(finishedCached(scheduler.submit(List.of(greedy(0, prompt, 12))), hit)).isEqualTo(32);
        assertThat(warm).isEqualTo(off);
        assertThat(hit).isEqualTo(off);
    }

    @Test
    void promptLogprobsCoverEveryPromptTokenAfterTheFirst() throws InterruptedException {
        start(4, 8, 32, 5, 1024); // chunks of 5: prompt logprobs span several steps
        TinyModel.Golden g = TinyModel.golden("random_ids_40");
        GenerationHandle handle = scheduler.submit(List.of(new GenerationRequest(0, g.ids(), 0, SamplingParams.GREEDY, 5,
                true, new int[0])));
        List<Logprobs> prompt = null;
        for (GenerationEvent e = handle.events().poll(60, TimeUnit.SECONDS); !(e instanceof GenerationEvent.Finished);
             e = handle.events().poll(60, TimeUnit.SECONDS)) {
            assertThat(e).isInstanceOf(GenerationEvent.PromptLogprobs.class);
            prompt = ((GenerationEvent.PromptLogprobs) e).logprobs();
        }
        assertThat(prompt).hasSize(g.ids().length - 1);
        for (int i = 0; i < prompt.size(); i++) {
            Logprobs lp = prompt.get(i);
            assertThat(lp.chosen().tokenId()).isEqualTo(g.ids()[i + 1]);
            assertThat(lp.top()).hasSize(5);
            assertThat(lp.chosen().logprob()).isLessThanOrEqualTo(lp.top().getFirst().logprob());
        }
        // the last prompt row predicts the first greedy token: it leads the next row's alternatives
        TokenLogprob best = prompt.getLast().top().getFirst();
        assertThat(best.logprob()).isLessThanOrEqualTo(0f);
    }

    @Test
    void stopTokenEndsTheSequenceWithStop() throws InterruptedException {
        start(4, 8, 64, 64, 1024);
        TinyModel.Golden g = TinyModel.golden("bos_only");
        int stop = g.greedy()[3];
        GenerationHandle handle = scheduler.submit(List.of(new GenerationRequest(0, g.ids(), 16, SamplingParams.GREEDY, -1,
                false, new int[] {stop})));
        List<GenerationEvent> events = new ArrayList<>();
        GenerationEvent e;
        do {
            e = handle.events().poll(60, TimeUnit.SECONDS);
            events.add(e);
        } while (!(e instanceof GenerationEvent.Finished));
        assertThat(events).hasSize(5); // 4 tokens (the stop token included) + Finished
        assertThat(((GenerationEvent.Finished) events.getLast()).reason()).isEqualTo("stop");
    }

    @Test
    void aFullQueueRefusesWholeRequests() {
        start(1, 2, 16, 16, 1024);
        List<GenerationRequest> three = List.of(greedy(0, new int[] {1}, 1), greedy(1, new int[] {1}, 1), greedy(2, new int[] {1}, 1));
        assertThatThrownBy(() -> scheduler.submit(three)).isInstanceOf(SchedulerOverloadedException.class)
                .hasMessageContaining("overloaded");
        assertThat(registry.get("janus.scheduler.rejections").counter().count()).isEqualTo(1);
    }

    @Test
    void cancelledSequencesFreeTheirBlocks() throws InterruptedException {
        start(4, 8, 64, 64, 4096);
        GenerationHandle handle = scheduler.submit(List.of(greedy(0, new int[] {1, 2, 3}, 2000)));
        assertThat(handle.events().poll(60, TimeUnit.SECONDS)).isInstanceOf(GenerationEvent.Token.class);
        handle.cancel();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.find("janus.sequences").tag("finish_reason", "cancelled").counter() != null);
        assertThat(registry.get("janus.sequences").tag("finish_reason", "cancelled").counter().count()).isEqualTo(1);
        assertThat(registry.get("janus.generation.tokens").counter().count()).isLessThan(2000);
        // the gauge is published after the step that dropped the sequence
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("janus.kv.cache.blocks.used").gauge().value() == 0);
    }
}
