package dev.janus.attention.scheduling;

import dev.janus.model.kv.KvSequence;
import dev.janus.model.kv.PrefixHit;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.SequenceRandom;
import dev.janus.model.sampling.TokenConstraint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * A sequence as the scheduler sees it (vLLM-style): all known tokens (prompt + generated) and
 * how many of them are in the KV cache. A step computes the next chunk of uncomputed tokens;
 * when none is left after the step, the last row's logits give the next token. Prefill,
 * decode and recompute after preemption are the same operation. Owned by the scheduler
 * thread except {@link #cancelled}.
 */
final class SequenceState {

    final GenerationRequest request;
    final BlockingQueue<GenerationEvent> sink;
    final SequenceRandom rng;
    final @Nullable TokenConstraint constraint; // structured output, advanced with each sampled token
    final long arrivalNanos;
    /** n > 1: the first choice of this request with the same prompt, whose prompt blocks this one reuses; or null. */
    final @Nullable SequenceState promptLeader;
    volatile boolean cancelled;
    boolean ended;     // finished, failed or dropped: no longer computes anything

    int[] tokens;      // [total] prompt then generated
    int total;
    int computed;      // tokens [0, computed) are in the KV cache
    int generated;
    @Nullable KvSequence kv; // null while waiting
    PrefixHit prefixHit = PrefixHit.NONE; // while waiting: the cached prefix found for this step's plan
    int cachedPromptTokens = -1;           // prompt tokens reused at the first admission; -1 before it
    boolean promptLogprobsDone;
    final List<Logprobs> promptLogprobs = new ArrayList<>();
    long firstTokenNanos;
    long lastTokenNanos;

    SequenceState(GenerationRequest request, BlockingQueue<GenerationEvent> sink, long arrivalNanos,
                  @Nullable SequenceState promptLeader) {
        this.request = request;
        this.sink = sink;
        this.arrivalNanos = arrivalNanos;
        this.promptLeader = promptLeader;
        Long seed = request.sampling().seed();
        // n > 1 with one seed: each choice its own reproducible stream
        this.rng = seed != null ? SequenceRandom.seeded(seed + request.choice()) : SequenceRandom.forParams(request.sampling());
        this.constraint = request.constraint() == null ? null : request.constraint().get();
        this.tokens = Arrays.copyOf(request.prompt(), request.prompt().length + Math.min(request.maxTokens(), 256));
        this.total = request.prompt().length;
        this.promptLogprobsDone = !request.promptLogprobs();
    }

    /**
     * Whether this sequence should wait for its prompt leader (n > 1) to compute the prompt
     * positions it could reuse: the full blocks of {@code prompt[0, length - 1)}. Admitted in the
     * same step, every choice would compute the whole prompt; deferred, it attaches the leader's
     * indexed blocks and computes only the tail. A preempted leader is waited for again; an
     * ended one (finished, failed, cancelled) is not.
     */
    boolean awaitsLeaderPrompt(int blockSize) {
        SequenceState leader = promptLeader;
        if (leader == null || leader.ended || leader.cancelled || computed > 0) {
            return false;
        }
        int shared = (promptLength() - 1) / blockSize * blockSize;
        return leader.computed < shared;
    }

    int promptLength() {
        return request.prompt().length;
    }

    int uncomputed() {
        return total - computed;
    }

    void append(int token, long nowNanos) {
        if (total == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[total++] = token;
        computedTokenTime(nowNanos);
        generated++;
    }

    private void computedTokenTime(long nowNanos) {
        if (generated == 0) {
            firstTokenNanos = nowNanos;
        }
        lastTokenNanos = nowNanos;
    }

    /** Frees the KV blocks; the sequence must recompute everything if it runs again. */
    void releaseKv() {
        if (kv != null) {
            kv.close();
            kv = null;
        }
        computed = 0;
    }
}
