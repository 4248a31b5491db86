package dev.janus.comm.scheduling;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import java.util.Arrays;

/**
 * What a dispatch plan costs the MoE instances: activated physical experts per instance (a_i;
 * their maximum a_max sets the layer's MoE latency) and rows per instance. Reusable; not
 * thread-safe; not on the serving path.
 */
public final class PlanMetrics {

    private int instances;
    private int[] activated = new int[0]; // [N] a_i
    private long[] rows = new long[0];    // [N] (token, expert) rows served

    /** Measures a plan (grouping it, if not yet) against the epoch it was made for; returns this. */
    public PlanMetrics measure(DispatchPlan plan, PlacementEpoch epoch) {
        instances = epoch.instances();
        if (activated.length < instances) {
            activated = new int[instances];
            rows = new long[instances];
        }
        Arrays.fill(activated, 0, instances, 0);
        Arrays.fill(rows, 0, instances, 0L);
        for (int p = 0; p < plan.physicalExperts(); p++) {
            int size = plan.groupSize(p);
            if (size > 0) {
                int i = epoch.instanceOf(p);
                activated[i]++;
                rows[i] += size;
            }
        }
        return this;
    }

    public int instances() {
        return instances;
    }

    /** a_i: distinct physical experts activated on instance i. */
    public int activated(int instance) {
        return activated[instance];
    }

    /** a_max = max_i a_i. */
    public int aMax() {
        int max = 0;
        for (int i = 0; i < instances; i++) {
            max = Math.max(max, activated[i]);
        }
        return max;
    }

    /** Rows (token, expert pairs) served by instance i. */
    public long rows(int instance) {
        return rows[instance];
    }

    /** Maximum rows served by one instance. */
    public long maxRows() {
        long max = 0;
        for (int i = 0; i < instances; i++) {
            max = Math.max(max, rows[i]);
        }
        return max;
    }
}
