package dev.janus.attention.scheduling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's Micrometer meters. Prometheus names (Micrometer adds the unit and _total):
 * janus_sequences_total{finish_reason}, janus_time_to_first_token_seconds,
 * janus_time_per_output_token_seconds, janus_prompt_tokens_total, janus_generation_tokens_total,
 * janus_scheduler_running_sequences, janus_scheduler_waiting_sequences,
 * janus_kv_cache_blocks_used, janus_kv_cache_blocks_free, janus_scheduler_preemptions_total,
 * janus_scheduler_rejections_total, janus_step_seconds, janus_step_batch_size (sequences per step),
 * janus_prefix_cache_prompt_tokens_total and janus_prefix_cache_hit_tokens_total (prompt tokens
 * looked up in the prefix cache at admission, and those found: the hit rate is hit / prompt),
 * janus_kv_cache_blocks_cached (blocks whose content is indexed for reuse, held or not; unheld
 * ones count as free, as they are recycled when needed), janus_prompt_computed_tokens_total
 * (prompt positions the forward steps computed: what the cache did not supply).
 */
public final class SchedulerMetrics {

    private static final Duration[] TTFT_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000);
    private static final Duration[] TPOT_BUCKETS = durations(2, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560);

    private final MeterRegistry registry;
    private final Timer ttft;
    private final Timer tpot;
    private final Timer step;
    private final DistributionSummary batchSize;
    private final Counter promptTokens;
    private final Counter generationTokens;
    private final Counter preemptions;
    private final Counter rejections;
    private final Counter prefixPromptTokens;
    private final Counter prefixHitTokens;
    private final Counter promptComputedTokens;
    private final AtomicInteger kvCached = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger kvFree = new AtomicInteger();
    private int kvTotal;

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ttft = Timer.builder("janus.time.to.first.token").description("Time from arrival to the first token")
                .serviceLevelObjectives(TTFT_BUCKETS).register(registry);
        this.tpot = Timer.builder("janus.time.per.output.token")
                .description("Mean time between output tokens of a sequence (after the first)")
                .serviceLevelObjectives(TPOT_BUCKETS).register(registry);
        this.step = Timer.builder("janus.step").description("Forward step duration").register(registry);
        this.batchSize = DistributionSummary.builder("janus.step.batch.size")
                .description("Sequences in one forward step").register(registry);
        this.promptTokens = Counter.builder("janus.prompt.tokens").description("Prompt tokens of finished sequences")
                .register(registry);
        this.generationTokens = Counter.builder("janus.generation.tokens").description("Generated tokens")
                .register(registry);
        this.preemptions = Counter.builder("janus.scheduler.preemptions")
                .description("Sequences preempted for KV blocks (recomputed later)").register(registry);
        this.rejections = Counter.builder("janus.scheduler.rejections")
                .description("Requests refused because the queue was full").register(registry);
        this.prefixPromptTokens = Counter.builder("janus.prefix.cache.prompt.tokens")
                .description("Prompt tokens looked up in the prefix cache when first admitted").register(registry);
        this.prefixHitTokens = Counter.builder("janus.prefix.cache.hit.tokens")
                .description("Prompt tokens whose KV blocks came from the prefix cache").register(registry);
        this.promptComputedTokens = Counter.builder("janus.prompt.computed.tokens")
                .description("Prompt positions computed by forward steps (recomputes after preemption included)")
                .register(registry);
    }

    void bindGauges(AtomicInteger queued, int kvTotalBlocks) {
        kvTotal = kvTotalBlocks;
        kvFree.set(kvTotalBlocks);
        Gauge.builder("janus.scheduler.running.sequences", running, AtomicInteger::get)
                .description("Sequences in the running batch").register(registry);
        Gauge.builder("janus.scheduler.waiting.sequences", queued, AtomicInteger::get)
                .description("Sequences waiting for admission").register(registry);
        Gauge.builder("janus.kv.cache.blocks.free", kvFree, AtomicInteger::get)
                .description("Free KV-cache blocks").register(registry);
        Gauge.builder("janus.kv.cache.blocks.used", kvFree, f -> kvTotal - f.get())
                .description("KV-cache blocks held by sequences").register(registry);
        Gauge.builder("janus.kv.cache.blocks.cached", kvCached, AtomicInteger::get)
                .description("KV-cache blocks indexed for prefix reuse (held or not)").register(registry);
    }

    void running(int sequences, int freeBlocks, int cachedBlocks) {
        running.set(sequences);
        kvFree.set(freeBlocks);
        kvCached.set(cachedBlocks);
    }

    void prefixLookup(int promptTokens, int hitTokens) {
        prefixPromptTokens.increment(promptTokens);
        prefixHitTokens.increment(hitTokens);
    }

    void promptComputed(int tokens) {
        if (tokens > 0) {
            promptComputedTokens.increment(tokens);
        }
    }

    void step(int sequences, int tokens, long nanos) {
        step.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(sequences);
    }

    void preempted() {
        preemptions.increment();
    }

    void rejected() {
        rejections.increment();
    }

    void finished(SequenceState s, String reason) {
        registry.counter("janus.sequences", "finish_reason", reason).increment();
        promptTokens.increment(s.promptLength());
        generationTokens.increment(s.generated);
        if (s.generated > 0) {
            ttft.record(s.firstTokenNanos - s.arrivalNanos, TimeUnit.NANOSECONDS);
        }
        if (s.generated > 1) {
            tpot.record((s.lastTokenNanos - s.firstTokenNanos) / (s.generated - 1), TimeUnit.NANOSECONDS);
        }
    }

    private static Duration[] durations(long... millis) {
        Duration[] d = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            d[i] = Duration.ofMillis(millis[i]);
        }
        return d;
    }
}
