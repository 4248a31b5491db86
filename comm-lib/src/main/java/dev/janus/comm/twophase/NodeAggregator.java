package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node-local aggregator of two-phase communication (paper §3.2), one per node. Each of the
 * node's {@code members} attention instances either {@link #submit submits} a layer step's
 * batches (phase 1) or declares it goes {@link #skip direct}. A group of one layer's steps is
 * flushed when every <em>active</em> member has joined it, or {@code timeout} after it opened:
 * the submitted batches are merged per MoE instance into one bulk {@link InstanceBatch} (phase 2:
 * one message per node × MoE instance) and each answer is cut back into the submitters' rows.
 *
 * <p>Grouping needs no shared step clock: the node's attention instances run their own
 * continuous-batching loops, so a member joins the oldest open group of its layer that it has
 * not joined yet (a member with two micro-batches in flight is in two groups). Expert outputs are
 * a function of each row alone, so which steps share a bulk message changes no result, only
 * how many messages are sent. A member is active when it arrived within {@code activeWindow};
 * an idle member (no requests) is not waited for, so a node with one busy instance does not pay
 * the timeout on every layer. Every member counts as active for one window after construction.
 *
 * <p>Merging keeps rows token-major per submitter and submitters in member order; since an
 * instance answers one row per non-negative slot in token-major order, member m's answer is the
 * contiguous run of rows after those of members before it. Bulk messages carry the aggregator's
 * own step ids (the upstream transport matches answers by step id and layer, and members' step
 * ids may coincide); answers carry each submitter's step id.
 */
public final class NodeAggregator implements StepAggregator {

    private static final long ANY_EPOCH = -1;

    private final ExpertTransport upstream;
    private final int members;
    private final long timeoutNanos;
    private final long activeWindowNanos;
    private final CommStats stats;
    private final Map<Integer, ArrayDeque<Group>> open = new HashMap<>();
    private final long[] lastSeen;
    private final LongSupplier nanoClock;
    private long nextBulkStep;

    /** Waits for a member that was seen within 20 × {@code timeout}. */
    public NodeAggregator(ExpertTransport upstream, int members, Duration timeout, CommStats stats) {
        this(upstream, members, timeout, timeout.multipliedBy(20), stats);
    }

    /**
     * @param upstream     the node's phase-2 link to the MoE instances (its own streams)
     * @param timeout      longest a group waits for active members after it opened
     * @param activeWindow a member that has not arrived for this long is not waited for
     */
    public NodeAggregator(ExpertTransport upstream, int members, Duration timeout, Duration activeWindow,
                          CommStats stats) {
        this(upstream, members, timeout, activeWindow, stats, System::nanoTime);
    }

    /**
     * @param nanoClock what "now" is for the active window ({@link System#nanoTime} outside tests);
     *                  the group timeout runs on real time
     */
    NodeAggregator(ExpertTransport upstream, int members, Duration timeout, Duration activeWindow,
                   CommStats stats, LongSupplier nanoClock) {
        if (members < 1) {
            throw new IllegalArgumentException("a node has at least one attention instance");
        }
        if (timeout.isNegative() || activeWindow.isNegative()) {
            throw new IllegalArgumentException("aggregation timeout and active window must not be negative");
        }
        this.upstream = upstream;
        this.members = members;
        this.timeoutNanos = timeout.toNanos();
        this.activeWindowNanos = activeWindow.toNanos();
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.lastSeen = new long[members];
        Arrays.fill(lastSeen, nanoClock.getAsLong()); // every member counts as active until its window passes
    }

    @Override
    public int members() {
        return members;
    }

    @Override
    public synchronized int activeMembers() {
        long now = nanoClock.getAsLong();
        int active = 0;
        for (int m = 0; m < members; m++) {
            active += isActive(m, now) ? 1 : 0;
        }
        return Math.max(1, active);
    }

    @Override
    public CompletableFuture<InstanceResult>[] submit(int member, long stepId, int layer, InstanceBatch[] batches) {
        checkMember(member);
        Group ready;
        CompletableFuture<InstanceResult>[] mine;
        synchronized (this) {
            Group g = join(member, layer, batches.length, epochOf(batches));
            g.batches[member] = batches;
            mine = g.futures(member, batches);
            ready = takeIfReady(g);
        }
        if (ready != null) {
            flush(ready);
        }
        return mine;
    }

    @Override
    public void skip(int member, long stepId, int layer, int instances) {
        checkMember(member);
        Group ready;
        synchronized (this) {
            ready = takeIfReady(join(member, layer, instances, ANY_EPOCH));
        }
        if (ready != null) {
            flush(ready);
        }
    }

    private static long epochOf(InstanceBatch[] batches) {
        for (InstanceBatch b : batches) {
            if (b != null) {
                return b.epoch();
            }
        }
        return ANY_EPOCH;
    }

    private void checkMember(int member) {
        if (member < 0 || member >= members) {
            throw new IllegalArgumentException("member " + member + " of a node of " + members);
        }
    }

    /**
     * The oldest open group of {@code layer} and {@code epoch} that {@code member} is not in yet,
     * or a new one. One bulk message names one placement epoch, so while a placement switch is
     * rolling over the node, members on different epochs fall into different groups; a member
     * that skips (sends direct) may join any group.
     */
    private Group join(int member, int layer, int instances, long epoch) {
        lastSeen[member] = nanoClock.getAsLong();
        ArrayDeque<Group> groups = open.computeIfAbsent(layer, l -> new ArrayDeque<>());
        for (Group g : groups) {
            if (!g.joined[member] && g.instances == instances
                    && (epoch == ANY_EPOCH || g.epoch == ANY_EPOCH || g.epoch == epoch)) {
                g.joined[member] = true;
                if (epoch != ANY_EPOCH) {
                    g.epoch = epoch;
                }
                return g;
            }
        }
        Group g = new Group(layer, members, instances);
        g.epoch = epoch;
        g.joined[member] = true;
        groups.addLast(g);
        CompletableFuture.delayedExecutor(timeoutNanos, TimeUnit.NANOSECONDS).execute(() -> onTimeout(g));
        return g;
    }

    /** Removes and returns {@code g} when no active member is missing from it. */
    private Group takeIfReady(Group g) {
        long now = nanoClock.getAsLong();
        for (int m = 0; m < members; m++) {
            if (!g.joined[m] && isActive(m, now)) {
                return null;
            }
        }
        return remove(g) ? g : null;
    }

    private boolean isActive(int member, long now) {
        return now - lastSeen[member] <= activeWindowNanos;
    }

    private boolean remove(Group g) {
        ArrayDeque<Group> groups = open.get(g.layer);
        return groups != null && groups.remove(g);
    }

    private void onTimeout(Group g) {
        synchronized (this) {
            if (!remove(g)) {
                return; // flushed already
            }
        }
        flush(g);
    }

    /** Phase 2: one merged message per MoE instance with work. */
    private void flush(Group g) {
        long bulkStep;
        synchronized (this) {
            bulkStep = nextBulkStep++;
        }
        for (int inst = 0; inst < g.instances; inst++) {
            int tokens = 0;
            InstanceBatch first = null;
            for (InstanceBatch[] mb : g.batches) {
                if (mb != null && mb[inst] != null) {
                    tokens += mb[inst].tokens();
                    first = first == null ? mb[inst] : first;
                }
            }
            if (first == null) {
                continue;
            }
            InstanceBatch merged = merge(g, inst, first, tokens, bulkStep);
            stats.recordPhase2(CommStats.bytes(merged));
            int instance = inst;
            upstream.execute(inst, merged).whenComplete((result, error) -> answer(g, instance, result, error));
        }
    }

    private static InstanceBatch merge(Group g, int inst, InstanceBatch first, int tokens, long bulkStep) {
        if (tokens == first.tokens()) { // a single sender: its arrays as they are
            return new InstanceBatch(bulkStep, first.layer(), first.epoch(), first.tokenIndex(), first.hidden(),
                    first.hiddenSize(), first.topK(), first.physicalExperts());
        }
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
        return new InstanceBatch(bulkStep, first.layer(), first.epoch(), tokenIndex, hidden, h, k, physical);
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

    private static final class Group {
        final int layer;
        final int instances;
        long epoch;                      // placement epoch of the batches, or ANY_EPOCH while only skips joined
        final boolean[] joined;
        final InstanceBatch[][] batches; // [members][instances], null rows for members that skipped
        final CompletableFuture<InstanceResult>[][] futures;

        @SuppressWarnings("unchecked")
        Group(int layer, int members, int instances) {
            this.layer = layer;
            this.instances = instances;
            this.joined = new boolean[members];
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
