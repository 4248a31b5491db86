package dev.janus.comm.stats;

import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Expert activation statistics of one attention instance over a sliding window, for the
 * placement service (paper §3.4: replicate hot experts, separate co-activated ones).
 *
 * <p>Per layer it counts, for each logical expert, the tokens routed to it, and for each pair of
 * experts the tokens that chose BOTH (co-activation: two experts that the same token activates
 * must run in the same step, so placing them on one instance raises that instance's activated
 * count together). Pairs are counted per token over its top-k set, unordered (i &lt; j).
 *
 * <p>The window is a ring of time buckets; recording adds to the current bucket with atomic
 * increments (no lock; one writer — the engine thread — and any number of snapshot readers), and
 * a bucket is cleared when the ring comes round to it again. A snapshot sums the live buckets.
 */
public final class ActivationStatistics implements MoeLayer.RoutingObserver {

    private final int layers;
    private final int experts;
    private final long bucketNanos;
    private final LongSupplier clock;
    private final AtomicLongArray[] counts;   // [bucket][layer * E + e]
    private final AtomicLongArray[] pairs;    // [bucket][(layer * E + i) * E + j], i < j
    private final long[] bucketEpoch;         // which time slot each bucket currently holds
    private final Duration window;

    public ActivationStatistics(int layers, int experts, Duration window, int buckets) {
        this(layers, experts, window, buckets, System::nanoTime);
    }

    ActivationStatistics(int layers, int experts, Duration window, int buckets, LongSupplier clock) {
        if (layers <= 0 || experts <= 0 || buckets <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("statistics need positive layers, experts, buckets and window");
        }
        this.layers = layers;
        this.experts = experts;
        this.window = window;
        this.bucketNanos = Math.max(1, window.toNanos() / buckets);
        this.clock = clock;
        this.counts = new AtomicLongArray[buckets];
        this.pairs = new AtomicLongArray[buckets];
        this.bucketEpoch = new long[buckets];
        for (int b = 0; b < buckets; b++) {
            counts[b] = new AtomicLongArray(layers * experts);
            pairs[b] = new AtomicLongArray(layers * experts * experts);
            bucketEpoch[b] = -1;
        }
    }

    @Override
    public void onRouting(int layer, RoutingDecision routing) {
        int b = currentBucket();
        AtomicLongArray c = counts[b];
        AtomicLongArray p = pairs[b];
        int k = routing.topK();
        int base = layer * experts;
        for (int t = 0; t < routing.tokens(); t++) {
            for (int s = 0; s < k; s++) {
                int e = routing.expert(t, s);
                c.incrementAndGet(base + e);
                for (int s2 = s + 1; s2 < k; s2++) {
                    int f = routing.expert(t, s2);
                    int i = Math.min(e, f);
                    int j = Math.max(e, f);
                    p.incrementAndGet((base + i) * experts + j);
                }
            }
        }
    }

    /** The bucket of now, cleared first if it still holds an older time slot. */
    private int currentBucket() {
        long slot = clock.getAsLong() / bucketNanos;
        int b = (int) Math.floorMod(slot, (long) counts.length);
        if (bucketEpoch[b] != slot) {
            synchronized (this) { // rare: once per bucket period
                if (bucketEpoch[b] != slot) {
                    clear(counts[b]);
                    clear(pairs[b]);
                    bucketEpoch[b] = slot;
                }
            }
        }
        return b;
    }

    private static void clear(AtomicLongArray a) {
        for (int i = 0; i < a.length(); i++) {
            a.set(i, 0);
        }
    }

    /** Sum of the buckets inside the window, as of now. */
    public synchronized ActivationSnapshot snapshot() {
        long slot = clock.getAsLong() / bucketNanos;
        long[] c = new long[layers * experts];
        long[] p = new long[layers * experts * experts];
        for (int b = 0; b < counts.length; b++) {
            if (bucketEpoch[b] < 0 || slot - bucketEpoch[b] >= counts.length) {
                continue; // empty or expired
            }
            for (int i = 0; i < c.length; i++) {
                c[i] += counts[b].get(i);
            }
            for (int i = 0; i < p.length; i++) {
                p[i] += pairs[b].get(i);
            }
        }
        return new ActivationSnapshot(layers, experts, window.toMillis(), c, p);
    }
}
