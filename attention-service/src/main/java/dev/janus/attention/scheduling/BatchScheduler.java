package dev.janus.attention.scheduling;

import dev.janus.attention.config.SchedulerProperties;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvCacheFullException;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.Sampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class BatchScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);

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
    private final List<Planned> plan = new ArrayList<>();
    private float[] logits = new float[0];
    private int budget;
    private volatile boolean closed;
    private final Thread thread;

    /** A sequence's share of one step. */
    private record Planned(SequenceState seq, int count, boolean allLogits) {
    }

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
            states.add(new SequenceState(r, events, now));
        }
        incoming.addAll(states);
        return new GenerationHandle(states, events);
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
                planStep();
                if (!plan.isEmpty()) {
                    executeStep();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // a scheduler bug must not leave clients hanging: fail what is in flight, keep serving
                log.error("scheduler step failed; failing {} running sequences", running.size(), e);
                RuntimeException failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                for (SequenceState s : List.copyOf(running)) {
                    fail(s, failure);
                }
            } finally {
                metrics.running(running.size(), engine.kvCache().freeBlocks());
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
                metrics.finished(s, "cancelled");
            }
        }
        if (waiting.removeIf(s -> s.cancelled && cancelWaiting(s))) {
            log.debug("dropped cancelled waiting sequences");
        }
    }

    private boolean cancelWaiting(SequenceState s) {
        queued.decrementAndGet();
        metrics.finished(s, "cancelled");
        return true;
    }

    private void planStep() {
        plan.clear();
        budget = props.maxStepTokens();
        // decode tokens first (one each: they never wait behind prompts), then prompt chunks
        for (SequenceState s : List.copyOf(running)) {
            if (s.kv != null && s.uncomputed() == 1) {
                planRunning(s, 1);
            }
        }
        for (SequenceState s : List.copyOf(running)) {
            if (s.kv != null && s.uncomputed() > 1 && budget > 0) {
                planRunning(s, Math.min(Math.min(s.uncomputed(), props.prefillChunk()), budget));
            }
        }
        admitWaiting();
    }

    private void planRunning(SequenceState s, int count) {
        while (true) {
            if (tryReserve(s, count)) {
                add(s, count);
                return;
            }
            SequenceState victim = running.getLast(); // the newest has the least work to lose
            if (victim == s) {
                if (running.size() == 1) {
                    // alone and still out of blocks: the cache cannot hold this sequence any longer
                    finish(s, "length");
                } else {
                    preempt(s);
                }
                return;
            }
            preempt(victim);
        }
    }

    /**
     * Reserves KV blocks for {@code count} more tokens, or returns false without touching the
     * cache. Checked up front rather than by catching KvCacheFullException: KvSequence.reserve
     * counts a block before allocating it (model-lib), so a failed reserve would leave a bogus
     * entry in the block table that is freed twice on close.
     */
    private boolean tryReserve(SequenceState s, int count) {
        KvCache kv = engine.kvCache();
        int needed = kv.blocksFor(s.computed + count) - kv.blocksFor(s.reservedTokens);
        if (needed > kv.freeBlocks()) {
            return false;
        }
        try {
            s.kv.reserve(count);
        } catch (KvCacheFullException e) {
            throw new IllegalStateException("KV cache accounting is off: " + e.getMessage(), e);
        }
        s.reservedTokens = Math.max(s.reservedTokens, s.computed + count);
        return true;
    }

    private void preempt(SequenceState victim) {
        for (int i = plan.size() - 1; i >= 0; i--) {
            if (plan.get(i).seq() == victim) {
                budget += plan.get(i).count();
                plan.remove(i);
            }
        }
        victim.releaseKv();
        running.remove(victim);
        waiting.addFirst(victim);
        queued.incrementAndGet();
        metrics.preempted();
    }

    private void admitWaiting() {
        KvCache kv = engine.kvCache();
        while (!waiting.isEmpty() && running.size() < props.maxRunning() && budget > 0) {
            SequenceState s = waiting.peekFirst();
            // admit only when the whole known sequence and its next token fit: no admission
            // that would immediately preempt someone (vLLM's watermark idea, minimal form)
            int need = kv.blocksFor(s.total + 1);
            if (need > kv.freeBlocks()) {
                if (running.isEmpty()) {
                    waiting.pollFirst();
                    queued.decrementAndGet();
                    emit(s, new GenerationEvent.Failed(s.request.choice(), new IllegalArgumentException(
                            "the sequence (" + s.total + " tokens) does not fit in the KV cache ("
                                    + capacityTokens() + " tokens)")));
                    metrics.finished(s, "error");
                    continue;
                }
                break;
            }
            waiting.pollFirst();
            queued.decrementAndGet();
            s.kv = engine.newSequence();
            running.add(s);
            int count = Math.min(Math.min(s.uncomputed(), props.prefillChunk()), budget);
            if (!tryReserve(s, count)) {
                throw new IllegalStateException("admitted a sequence without room for its first chunk");
            }
            add(s, count);
        }
    }

    private void add(SequenceState s, int count) {
        boolean allLogits = !s.promptLogprobsDone && s.computed < s.promptLength();
        plan.add(new Planned(s, count, allLogits));
        budget -= count;
    }

    private void executeStep() {
        batch.clear();
        int rows = 0;
        for (Planned p : plan) {
            batch.add(p.seq().kv, p.seq().tokens, p.seq().computed, p.count(), p.allLogits());
            rows += p.allLogits() ? p.count() : 1;
        }
        if (logits.length < rows * vocab) {
            logits = new float[rows * vocab];
        }
        long start = System.nanoTime();
        engine.step(batch, logits);
        metrics.step(plan.size(), batch.tokens(), System.nanoTime() - start);
        int row = 0;
        for (Planned p : plan) {
            SequenceState s = p.seq();
            int lastRow = row + (p.allLogits() ? p.count() - 1 : 0);
            try {
                if (p.allLogits()) {
                    collectPromptLogprobs(s, row, p.count());
                }
                s.computed += p.count();
                if (s.uncomputed() == 0) {
                    sampleNext(s, lastRow * vocab);
                }
            } catch (RuntimeException e) {
                fail(s, e);
            }
            row += p.allLogits() ? p.count() : 1;
        }
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
        emit(s, new GenerationEvent.Finished(s.request.choice(), reason));
        metrics.finished(s, reason);
    }

    private void fail(SequenceState s, RuntimeException e) {
        s.releaseKv();
        running.remove(s);
        emit(s, new GenerationEvent.Failed(s.request.choice(), e));
        metrics.finished(s, "error");
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
