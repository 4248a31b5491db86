package dev.janus.comm.placement;

import java.util.Arrays;

/**
 * The placement of one MoE layer: which logical expert each physical slot holds, and the
 * replicas (physical ids, ascending) of each logical expert. Immutable; built and validated by
 * {@link PlacementEpoch}.
 *
 * <p>Convention (fixtures/aebs/README.md): {@code P = N * C} physical slots on N MoE
 * instances, C slots each; physical id {@code p} lives on instance {@code p / C}. Because
 * replicas are sorted by physical id, they are also sorted by hosting instance, and replicas of
 * one expert are on distinct instances. A slot may be empty ({@link #EMPTY}).
 */
public final class LayerPlacement {

    /** Logical id of an empty physical slot. */
    public static final int EMPTY = -1;

    private final int logicalExperts;
    private final int slotsPerInstance;
    private final int[] logicalOf;          // [P] logical expert of each physical slot, or EMPTY
    private final int[] replicaStart;       // [E + 1] offsets into replicas
    private final int[] replicas;           // [occupied slots] physical ids, grouped by logical, ascending
    private final int[] replicatedExperts;  // logical ids with >= 2 replicas, ascending

    LayerPlacement(int layer, int logicalExperts, int instances, int[] slots) {
        this.logicalExperts = logicalExperts;
        int physical = slots.length;
        if (physical % instances != 0) {
            throw new IllegalArgumentException("layer " + layer + ": " + physical
                    + " physical slots cannot be split evenly over " + instances + " instances");
        }
        this.slotsPerInstance = physical / instances;
        this.logicalOf = slots.clone();
        this.replicaStart = new int[logicalExperts + 1];
        for (int p = 0; p < physical; p++) {
            int e = logicalOf[p];
            if (e == EMPTY) {
                continue;
            }
            if (e < 0 || e >= logicalExperts) {
                throw new IllegalArgumentException("layer " + layer + ": physical slot " + p
                        + " holds logical expert " + e + ", outside [0, " + logicalExperts + ")");
            }
            replicaStart[e + 1]++;
        }
        int replicated = 0;
        for (int e = 0; e < logicalExperts; e++) {
            int count = replicaStart[e + 1];
            if (count == 0) {
                throw new IllegalArgumentException("layer " + layer + ": logical expert " + e
                        + " has no replica");
            }
            if (count > 1) {
                replicated++;
            }
            replicaStart[e + 1] += replicaStart[e];
        }
        this.replicas = new int[replicaStart[logicalExperts]];
        int[] cursor = Arrays.copyOf(replicaStart, logicalExperts);
        for (int p = 0; p < physical; p++) { // ascending p: each expert's replicas come out sorted
            int e = logicalOf[p];
            if (e == EMPTY) {
                continue;
            }
            int at = cursor[e]++;
            if (at > replicaStart[e] && replicas[at - 1] / slotsPerInstance == p / slotsPerInstance) {
                throw new IllegalArgumentException("layer " + layer + ": logical expert " + e
                        + " has two replicas (physical " + replicas[at - 1] + " and " + p
                        + ") on instance " + p / slotsPerInstance);
            }
            replicas[at] = p;
        }
        this.replicatedExperts = new int[replicated];
        for (int e = 0, i = 0; e < logicalExperts; e++) {
            if (replicaCount(e) > 1) {
                replicatedExperts[i++] = e;
            }
        }
    }

    public int logicalExperts() {
        return logicalExperts;
    }

    public int physicalExperts() {
        return logicalOf.length;
    }

    public int slotsPerInstance() {
        return slotsPerInstance;
    }

    /** Logical expert held by a physical slot, or {@link #EMPTY}. */
    public int logicalOf(int physical) {
        return logicalOf[physical];
    }

    /** MoE instance hosting a physical slot: {@code physical / slotsPerInstance}. */
    public int instanceOf(int physical) {
        return physical / slotsPerInstance;
    }

    public int replicaCount(int logical) {
        return replicaStart[logical + 1] - replicaStart[logical];
    }

    /** The i-th replica (ascending physical id, hence ascending instance) of a logical expert. */
    public int replica(int logical, int i) {
        return replicas[replicaStart[logical] + i];
    }

    /** Number of logical experts with two or more replicas. */
    public int replicatedExpertCount() {
        return replicatedExperts.length;
    }

    /** The i-th logical expert with two or more replicas, ascending logical id. */
    public int replicatedExpert(int i) {
        return replicatedExperts[i];
    }

    /** A copy of the slot array: the logical expert of each physical slot. */
    public int[] slots() {
        return logicalOf.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerPlacement other && logicalExperts == other.logicalExperts
                && slotsPerInstance == other.slotsPerInstance && Arrays.equals(logicalOf, other.logicalOf);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(logicalOf) + slotsPerInstance;
    }
}
