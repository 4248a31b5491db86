package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node-local aggregator of two-phase communication (paper §3.2), one per node. Each of the
 * node's {@code members} attention instances either {@link #submit submits} a layer step's
 * batches (phase 1) or declares it went {@link #skip direct}. When every member has answered, or
 * {@code timeout} after the first arrival, the submitted batches are merged per MoE instance into
 * one bulk {@link InstanceBatch} (phase 2: one message per node × MoE instance) and each result
 * is cut back into the submitters' own rows.
 *
 * <p>A step is keyed by (step id, layer): the node's attention instances share a layer-step clock
 * (they run the same number of engine steps, as one global iteration of the node), so the k-th
 * call of every member's executor refers to the same step. A member that arrives after its step
 * was flushed by the timeout opens a new group, which is flushed by the timeout again: late rows
 * still get answered, only later.
 *
 * <p>Merging keeps rows token-major per submitter and submitters in member order; since an
 * instance answers one row per non-negative slot in token-major order, member m's answer is the
 * contiguous run of rows after those of members before it. The merged batch's token indices are
 * the submitters' own (the worker does not read them).
 */
public final class NodeAggregator {

    private final ExpertTransport upstream;
    private final int members;
    private final Duration timeout;
    private final CommStats stats;
    private final Map<Key, Group> open = new HashMap<>();

    public NodeAggregator(ExpertTransport upstream, int members, Duration timeout, CommStats stats) {
        if (members < 1) {
            throw new IllegalArgumentException("a node has at least one attention instance");
        }
        this.upstream = upstream;
        this.members = members;
        this.timeout = timeout;
        this.stats = stats;
    }

    public int members() {
        return members;
    }

    /** Phase 1: member's batches for a step, indexed by MoE instance (null where none). */
    public CompletableFuture<InstanceResult>[] submit(int member, long stepId, int layer, InstanceBatch[] batches) {
        Group g;
        boolean full;
        CompletableFuture<InstanceResult>[] mine;
        synchronized (this) {
            g = groupOf(stepId, layer, batches.length);
            g.batches[member] = batches;
            mine = g.futures(member, batches);
            g.arrived++;
            full = g.arrived == members;
            if (full) {
                open.remove(g.key);
            }
        }
        if (full) {
            flush(g);
        }
        return mine;
    }

    /** The member sends this step directly; the group stops waiting for it. */
    public void skip(int member, long stepId, int layer, int instances) {
        Group g;
        boolean full;
        synchronized (this) {
            g = groupOf(stepId, layer, instances);
            g.arrived++;
            full = g.arrived == members;
            if (full) {
                open.remove(g.key);
            }
        }
        if (full) {
            flush(g);
        }
    }

    private Group groupOf(long stepId, int layer, int instances) {
        Key key = new Key(stepId, layer);
        Group g = open.get(key);
        if (g == null) {
            g = new Group(key, members, instances);
            open.put(key, g);
            Group created = g;
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> onTimeout(created));
        }
        return g;
    }

    private void onTimeout(Group g) {
        synchronized (this) {
            if (open.get(g.key) != g) {
                return;
            }
            open.remove(g.key);
        }
        flush(g);
    }

    /** Phase 2: one merged message per MoE instance with work. */
    private void flush(Group g) {
        for (int inst = 0; inst < g.instances; inst++) {
            int senders = 0;
            int tokens = 0;
            InstanceBatch first = null;
            for (InstanceBatch[] mb : g.batches) {
                if (mb != null && mb[inst] != null) {
                    senders++;
                    tokens += mb[inst].tokens();
                    first = first == null ? mb[inst] : first;
                }
            }
            if (senders == 0) {
                continue;
            }
            InstanceBatch merged = senders == 1 ? first : merge(g, inst, first, tokens);
            stats.recordPhase2(CommStats.bytes(merged));
            int instance = inst;
            upstream.execute(inst, merged).whenComplete((result, error) -> answer(g, instance, result, error));
        }
    }

    private static InstanceBatch merge(Group g, int inst, InstanceBatch first, int tokens) {
        int h = first.hiddenSize();
        int k = first.topK();
        int[] tokenIndex = new int[tokens];
        float[] hidden = new float[tokens * h];
        int[] physical = new int[tokens * k];
        int at = 0;
        for (InstanceBatch[] mb : g.batches) {
            if (mb == null || mb[inst] == null) {
                continue;
            }
            InstanceBatch b = mb[inst];
            int n = b.tokens();
            System.arraycopy(b.tokenIndex(), 0, tokenIndex, at, n);
            System.arraycopy(b.hidden(), 0, hidden, at * h, n * h);
            System.arraycopy(b.physicalExperts(), 0, physical, at * k, n * k);
            at += n;
        }
        return new InstanceBatch(first.stepId(), first.layer(), first.epoch(), tokenIndex, hidden, h, k, physical);
    }

    /** Cuts the merged answer into each submitter's rows, in member order. */
    private static void answer(Group g, int inst, InstanceResult result, Throwable error) {
        int row = 0;
        for (int m = 0; m < g.batches.length; m++) {
            InstanceBatch[] mb = g.batches[m];
            if (mb == null || mb[inst] == null) {
                continue;
            }
            CompletableFuture<InstanceResult> f = g.futures[m][inst];
            if (error != null) {
                f.completeExceptionally(error instanceof ExpertCallException ? error
                        : new ExpertCallException(inst, String.valueOf(error), error));
                continue;
            }
            InstanceBatch b = mb[inst];
            int rows = b.rows();
            int h = b.hiddenSize();
            if ((row + rows) * h > result.outputs().length) {
                f.completeExceptionally(new ExpertCallException(inst, "merged answer has " + result.rows()
                        + " rows, fewer than the node sent", null));
                continue;
            }
            float[] out = new float[rows * h];
            System.arraycopy(result.outputs(), row * h, out, 0, rows * h);
            row += rows;
            f.complete(new InstanceResult(b.stepId(), b.layer(), rows, out));
        }
    }

    private record Key(long stepId, int layer) {
    }

    private static final class Group {
        final Key key;
        final int instances;
        final InstanceBatch[][] batches; // [members][instances], null rows for members that skipped
        final CompletableFuture<InstanceResult>[][] futures;
        int arrived;

        @SuppressWarnings("unchecked")
        Group(Key key, int members, int instances) {
            this.key = key;
            this.instances = instances;
            this.batches = new InstanceBatch[members][];
            this.futures = new CompletableFuture[members][];
        }

        CompletableFuture<InstanceResult>[] futures(int member, InstanceBatch[] mine) {
            @SuppressWarnings("unchecked")
            CompletableFuture<InstanceResult>[] f = new CompletableFuture[mine.length];
            for (int i = 0; i < mine.length; i++) {
                if (mine[i] != null) {
                    f[i] = new CompletableFuture<>();
                }
            }
            futures[member] = f;
            return f;
        }
    }
}
