package dev.janus.attention.scheduling;

import dev.janus.attention.config.SchedulerProperties;
import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvCacheFullException;
import dev.janus.model.kv.PrefixHit;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.Sampler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching (Orca / vLLM): one platform thread owns the engine and loops over steps.
 * Each step takes one decode token from every running sequence, then prefill chunks of
 * sequences still computing their prompt, then admits waiting sequences while the step's
 * token budget, the running limit and the KV cache allow. When a running sequence needs a KV
 * block and none is free, the newest running sequence is preempted: its blocks are freed and
 * it waits at the head of the queue to be recomputed (prompt + tokens so far), which gives the
 * same tokens because a sequence's logits do not depend on its batch. HTTP threads only submit
 * and read per-request event queues.
 *
 * <p>The decisions are {@link StepPlanner}'s, a pure function; this class is the executor: it
 * describes the sequences to the planner, applies its plan to the KV cache, runs the step,
 * samples and emits. With prefix caching ({@code moe.scheduler.prefix-caching}, on by default)
 * each sequence indexes its full KV blocks after every step, and an admitted sequence starts
 * from the longest cached prefix of its tokens (model-lib {@code KvCache}); outputs do not
 * change, because the cached rows are exactly those it would have computed. The choices of an
 * {@code n > 1} request share one prompt: the later ones are kept out of the planner's view
 * until the first has computed the prompt's full blocks, then attach them, so the prompt is
 * computed once (SharedPrefixSchedulerTest counts it).
 */
public final class BatchScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);

    /** During an outage every step fails: one line per 10 s, saying how many were left out. */
    private final ThrottledLog expertFailures = new ThrottledLog(Duration.ofSeconds(10));

    private final InferenceEngine engine;
    private final SchedulerProperties props;
    private final SchedulerMetrics metrics;
    private final Sampler sampler;
    private final int vocab;
    private final LinkedBlockingQueue<SequenceState> incoming = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger(); // incoming + waiting, for the admission bound
    private final ArrayDeque<SequenceState> waiting = new ArrayDeque<>();  // scheduler thread only
    private final List<SequenceState> running = new ArrayList<>();        // admission order, scheduler thread only
    private final StepBatch batch = new StepBatch();
    private float[] logits = new float[0];
    private volatile boolean closed;
    private final Thread thread;

    private BatchScheduler(InferenceEngine engine, SchedulerProperties props, SchedulerMetrics metrics) {
        this.engine = engine;
        this.props = props;
        this.metrics = metrics;
        this.vocab = engine.config().vocabSize();
        this.sampler = new Sampler(vocab);
        this.thread = Thread.ofPlatform().name("janus-scheduler").daemon().unstarted(this::run);
        metrics.bindGauges(queued, engine.kvCache().totalBlocks());
    }

    public static BatchScheduler start(InferenceEngine engine, SchedulerProperties props, SchedulerMetrics metrics) {
        BatchScheduler scheduler = new BatchScheduler(engine, props, metrics);
        scheduler.thread.start();
        return scheduler;
    }

    /** Tokens the whole KV cache holds: the longest sequence that can ever run. */
    public int capacityTokens() {
        KvCache kv = engine.kvCache();
        return kv.totalBlocks() * kv.blockSize();
    }

    /** Sequences one request may submit at most (more could never be queued). */
    public int maxQueued() {
        return props.maxQueued();
    }

    public int contextLength() {
        return engine.config().maxPositionEmbeddings();
    }

    /**
     * Queues the sequences of one API request (all or none).
     *
     * @throws SchedulerOverloadedException when the queue bound would be exceeded
     */
    public GenerationHandle submit(List<GenerationRequest> requests) {
        int n = requests.size();
        for (int now = queued.get(); ; now = queued.get()) {
            if (closed) {
                throw new SchedulerOverloadedException("the server is shutting down");
            }
            if (now + n > props.maxQueued()) {
                metrics.rejected();
                throw new SchedulerOverloadedException("the server is overloaded: " + now
                        + " sequences are waiting (at most " + props.maxQueued() + "); retry later");
            }
            if (queued.compareAndSet(now, now + n)) {
                break;
            }
        }
        BlockingQueue<GenerationEvent> events = new LinkedBlockingQueue<>();
        long now = System.nanoTime();
        List<SequenceState> states = new ArrayList<>(n);
        for (GenerationRequest r : requests) {
            states.add(new SequenceState(r, events, now, promptLeader(states, r)));
        }
        incoming.addAll(states);
        return new GenerationHandle(states, events);
    }

    /**
     * With prefix caching, the first earlier sequence of the same request with the same prompt
     * (n > 1): later choices wait until it has computed the prompt's full blocks, then reuse them.
     * Not when prompt logprobs are asked for: those are computed from the whole prompt anyway.
     */
    private @Nullable SequenceState promptLeader(List<SequenceState> earlier, GenerationRequest r) {
        if (!props.prefixCaching() || r.promptLogprobs()) {
            return null;
        }
        for (SequenceState s : earlier) {
            if (s.promptLeader == null && Arrays.equals(s.request.prompt(), r.prompt())) {
                return s;
            }
        }
        return null;
    }

    private void run() {
        while (!closed) {
            try {
                if (running.isEmpty() && waiting.isEmpty()) {
                    SequenceState first = incoming.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    waiting.add(first);
                }
                incoming.drainTo(waiting);
                dropCancelled();
                StepPlan<SequenceState> plan = planStep();
                if (!plan.isEmpty()) {
                    executeStep(plan.chunks());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExpertCallException e) {
                // a MoE instance is gone and no replica could take its rows: an outage, not a bug; the
                // requests of this step fail with an error naming it (ChoiceCollector), the log stays readable
                expertFailures.warn(log, "MoE instance {} failed a layer step ({}); failing {} running sequences",
                        e.instance(), e.reason(), running.size());
                for (SequenceState s : List.copyOf(running)) {
                    fail(s, e);
                }
            } catch (RuntimeException | Error e) {
                // a scheduler bug must not leave clients hanging: fail what is in flight, keep serving
                log.error("scheduler step failed; failing {} running sequences", running.size(), e);
                RuntimeException failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                for (SequenceState s : List.copyOf(running)) {
                    fail(s, failure);
                }
            } finally {
                metrics.running(running.size(), engine.kvCache().freeBlocks(), engine.kvCache().cachedBlocks());
            }
        }
        shutdownPending();
    }

    private void dropCancelled() {
        for (int i = running.size() - 1; i >= 0; i--) {
            SequenceState s = running.get(i);
            if (s.cancelled) {
                s.releaseKv();
                running.remove(i);
                ended(s, "cancelled");
            }
        }
        if (waiting.removeIf(s -> s.cancelled && cancelWaiting(s))) {
            log.debug("dropped cancelled waiting sequences");
        }
    }

    private boolean cancelWaiting(SequenceState s) {
        queued.decrementAndGet();
        ended(s, "cancelled");
        return true;
    }

    /** Asks the policy for the next step and applies its decisions; the chunks it returns are reserved. */
    private StepPlan<SequenceState> planStep() {
        StepPlan<SequenceState> plan = StepPlanner.plan(plannerInput());
        for (SequenceState s : plan.preempted()) {
            s.releaseKv(); // its full blocks stay cached: a resume usually finds its prefix again
            running.remove(s);
            waiting.addFirst(s);
            queued.incrementAndGet();
            metrics.preempted();
        }
        for (SequenceState s : plan.outOfMemory()) {
            finish(s, "length"); // alone and still out of blocks: the cache cannot hold it any longer
        }
        for (SequenceState s : plan.rejected()) {
            waiting.remove(s);
            queued.decrementAndGet();
            emit(s, new GenerationEvent.Failed(s.request.choice(), new IllegalArgumentException("the sequence ("
                    + s.total + " tokens) does not fit in the KV cache (" + capacityTokens() + " tokens)")));
            ended(s, "error");
        }
        // attach every admitted prefix before any allocation: an allocation may recycle unreferenced cached blocks
        for (StepPlan.Chunk<SequenceState> c : plan.chunks()) {
            if (c.admitted()) {
                admit(c.seq());
            }
        }
        for (StepPlan.Chunk<SequenceState> c : plan.chunks()) {
            try {
                c.seq().kv.reserve(c.count());
            } catch (KvCacheFullException e) {
                throw new IllegalStateException("KV cache accounting is off: " + e.getMessage(), e);
            }
        }
        return plan;
    }

    private PlannerInput<SequenceState> plannerInput() {
        KvCache kv = engine.kvCache();
        List<PlannerInput.Running<SequenceState>> r = new ArrayList<>(running.size());
        for (SequenceState s : running) {
            r.add(new PlannerInput.Running<>(s, s.computed, s.total, s.kv.blocks(), s.kv.exclusiveBlocks()));
        }
        // only the head of the queue can be admitted this step: look up no more prefixes than that
        int admissible = Math.max(0, props.maxRunning() - running.size());
        List<PlannerInput.Waiting<SequenceState>> w = new ArrayList<>(Math.min(admissible, waiting.size()));
        for (SequenceState s : waiting) {
            if (w.size() == admissible) {
                break;
            }
            if (s.awaitsLeaderPrompt(kv.blockSize())) {
                continue; // not ready yet, like a request not yet arrived: it blocks nobody behind it
            }
            // prompt logprobs need logits of every prompt position: nothing of the prompt may come from the cache
            s.prefixHit = props.prefixCaching() && s.promptLogprobsDone ? kv.findPrefix(s.tokens, s.total - 1) : PrefixHit.NONE;
            w.add(new PlannerInput.Waiting<>(s, s.total, s.prefixHit.tokens(), s.prefixHit.unreferencedBlocks()));
        }
        return new PlannerInput<>(r, w, new PlannerInput.Limits(kv.freeBlocks(), kv.totalBlocks(), kv.blockSize(),
                props.maxStepTokens(), props.prefillChunk(), props.maxRunning()));
    }

    private void admit(SequenceState s) {
        waiting.remove(s);
        queued.decrementAndGet();
        s.kv = engine.newSequence();
        s.kv.attachPrefix(s.prefixHit);
        s.computed = s.prefixHit.tokens();
        if (s.cachedPromptTokens < 0) { // first admission: what the request reused (not a resume's own blocks)
            s.cachedPromptTokens = Math.min(s.computed, s.promptLength());
            if (props.prefixCaching()) {
                metrics.prefixLookup(s.promptLength(), s.cachedPromptTokens);
            }
        }
        s.prefixHit = PrefixHit.NONE;
        running.add(s);
    }

    private void executeStep(List<StepPlan.Chunk<SequenceState>> chunks) {
        batch.clear();
        int rows = 0;
        for (StepPlan.Chunk<SequenceState> c : chunks) {
            SequenceState s = c.seq();
            boolean allLogits = needsAllLogits(s);
            batch.add(s.kv, s.tokens, s.computed, c.count(), allLogits);
            metrics.promptComputed(Math.min(s.computed + c.count(), s.promptLength()) - s.computed);
            rows += allLogits ? c.count() : 1;
        }
        if (logits.length < rows * vocab) {
            logits = new float[rows * vocab];
        }
        long start = System.nanoTime();
        engine.step(batch, logits);
        metrics.step(chunks.size(), batch.tokens(), System.nanoTime() - start);
        int row = 0;
        for (StepPlan.Chunk<SequenceState> c : chunks) {
            SequenceState s = c.seq();
            boolean allLogits = needsAllLogits(s); // as when the batch was built: s is untouched since
            int lastRow = row + (allLogits ? c.count() - 1 : 0);
            try {
                if (allLogits) {
                    collectPromptLogprobs(s, row, c.count());
                }
                s.computed += c.count();
                if (props.prefixCaching()) {
                    s.kv.indexFullBlocks(s.tokens); // before sampling may finish s and release its blocks
                }
                if (s.uncomputed() == 0) {
                    sampleNext(s, lastRow * vocab);
                }
            } catch (RuntimeException e) {
                fail(s, e);
            }
            row += allLogits ? c.count() : 1;
        }
    }

    private static boolean needsAllLogits(SequenceState s) {
        return !s.promptLogprobsDone && s.computed < s.promptLength();
    }

    /** Row i of a chunk starting at position c predicts prompt token c + i + 1. */
    private void collectPromptLogprobs(SequenceState s, int row, int count) {
        int top = Math.max(0, s.request.logprobs());
        for (int i = 0; i < count && s.computed + i + 1 < s.promptLength(); i++) {
            s.promptLogprobs.add(sampler.logprobs(logits, (row + i) * vocab, s.tokens[s.computed + i + 1], top));
        }
        if (s.computed + count >= s.promptLength()) {
            s.promptLogprobsDone = true;
            emit(s, new GenerationEvent.PromptLogprobs(s.request.choice(), List.copyOf(s.promptLogprobs)));
            s.promptLogprobs.clear();
        }
    }

    private void sampleNext(SequenceState s, int offset) {
        GenerationRequest r = s.request;
        if (s.generated >= r.maxTokens()) {
            finish(s, "length"); // max_tokens 0: the prompt only
            return;
        }
        if (s.constraint != null) {
            s.constraint.maskLogits(logits, offset); // structured output: only this row, neighbours unchanged
        }
        int token = sampler.sample(logits, offset, r.sampling(), s.rng);
        Logprobs lp = r.logprobs() >= 0 ? sampler.logprobs(logits, offset, token, r.logprobs()) : null;
        if (s.constraint != null) {
            s.constraint.accept(token);
        }
        s.append(token, System.nanoTime());
        emit(s, new GenerationEvent.Token(r.choice(), token, lp));
        if (r.isStop(token) || (s.constraint != null && s.constraint.complete())) {
            finish(s, "stop");
        } else if (s.generated >= r.maxTokens() || s.total >= contextLength()) {
            finish(s, "length");
        }
    }

    private void finish(SequenceState s, String reason) {
        s.releaseKv();
        running.remove(s);
        emit(s, new GenerationEvent.Finished(s.request.choice(), reason, Math.max(0, s.cachedPromptTokens)));
        ended(s, reason);
    }

    private void fail(SequenceState s, RuntimeException e) {
        s.releaseKv();
        running.remove(s);
        emit(s, new GenerationEvent.Failed(s.request.choice(), e));
        ended(s, "error");
    }

    /** The sequence computes nothing more (a sibling waiting for its prompt stops waiting). */
    private void ended(SequenceState s, String reason) {
        s.ended = true;
        metrics.finished(s, reason);
    }

    private static void emit(SequenceState s, GenerationEvent event) {
        if (!s.cancelled) {
            s.sink.add(event);
        }
    }

    private void shutdownPending() {
        incoming.drainTo(waiting);
        RuntimeException stopping = new SchedulerOverloadedException("the server is shutting down");
        for (SequenceState s : List.copyOf(running)) {
            fail(s, stopping);
        }
        for (SequenceState s : waiting) {
            emit(s, new GenerationEvent.Failed(s.request.choice(), stopping));
        }
        waiting.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
