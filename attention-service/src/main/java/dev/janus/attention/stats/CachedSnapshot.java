package dev.janus.attention.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.ActivationStatistics;
import java.util.function.LongSupplier;

/**
 * The latest snapshot, taken again at most once per {@code maxAgeNanos}: one Prometheus scrape
 * reads a gauge per layer (and per expert), and a snapshot sums the whole window including the
 * E×E co-activation matrices, so every gauge of a scrape shares one.
 */
final class CachedSnapshot {

    private record Taken(ActivationSnapshot snapshot, long atNanos) {
    }

    private final ActivationStatistics statistics;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private volatile Taken last;

    CachedSnapshot(ActivationStatistics statistics, long maxAgeNanos, LongSupplier clock) {
        this.statistics = statistics;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
    }

    ActivationSnapshot get() {
        Taken t = last;
        long now = clock.getAsLong();
        if (t == null || now - t.atNanos() > maxAgeNanos) {
            t = new Taken(statistics.snapshot(), now);
            last = t; // a racing scrape may take one more snapshot; harmless
        }
        return t.snapshot();
    }
}
