package dev.janus.placement.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import java.util.List;

/**
 * Merges the attention-services' snapshots into the cluster's: every snapshot already covers
 * its own instance's sliding window ({@code moe.stats.window}, bucketed there), and different
 * instances saw different tokens, so the cluster's window is the element-wise sum of the latest
 * snapshot of each instance. Keeping a second time-bucketed window here would only delay what
 * the instances already slide. The merged window length is the longest of the inputs.
 */
final class SnapshotMerge {

    private SnapshotMerge() {}

    /** The sum of {@code snapshots}, which must all have the same shape; null when empty. */
    static ActivationSnapshot sum(List<ActivationSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return null;
        }
        ActivationSnapshot first = snapshots.getFirst();
        long[] counts = new long[first.counts().length];
        long[] pairs = new long[first.coactivation().length];
        long window = 0;
        for (ActivationSnapshot s : snapshots) {
            if (s.layers() != first.layers() || s.experts() != first.experts()) {
                throw new IllegalArgumentException("snapshot of " + s.layers() + " x " + s.experts()
                        + " merged with " + first.layers() + " x " + first.experts());
            }
            add(counts, s.counts());
            add(pairs, s.coactivation());
            window = Math.max(window, s.windowMillis());
        }
        return new ActivationSnapshot(first.layers(), first.experts(), window, counts, pairs);
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}
