package dev.janus.comm.placement.policy;

import dev.janus.comm.placement.LayerPlacement;
import java.util.Arrays;

/**
 * One layer's placement while a policy builds it: the slot array, who hosts what, which replicas
 * are pinned, and each instance's packed weight (EPLB's pack weight: the sum of
 * {@code load / replicas} of its replicas). Replicas fill an instance's slots in arrival order
 * (EPLB's {@code rank_in_pack}).
 *
 * <p>{@link #repair} makes greedy packing complete: when no instance with room lacks the expert,
 * an augmenting path (a chain of replica moves between instances, as in bipartite b-matching)
 * makes room if any placement of the remaining replicas exists; by flow decomposition such a
 * path exists whenever the whole layer is feasible.
 */
final class ReplicaBoard {

    private final int layer;
    private final int instances;
    private final int slotsPerInstance;
    private final int[] slots;      // [N * C] logical expert, or EMPTY
    private final boolean[] pinned; // [N * C]
    private final double[] weight;  // [N * C] pack weight of the replica in the slot
    private final int[] used;       // [N] occupied slots, filled from the instance's first slot
    private final double[] packed;  // [N] sum of weights
    private final boolean[] hosts;  // [E * N] expert e on instance i
    private int cap;                // packing limit per instance, <= C (EPLB: equal item counts)

    ReplicaBoard(int layer, int experts, int instances, int slotsPerInstance) {
        this.layer = layer;
        this.instances = instances;
        this.slotsPerInstance = slotsPerInstance;
        this.slots = new int[instances * slotsPerInstance];
        Arrays.fill(slots, LayerPlacement.EMPTY);
        this.pinned = new boolean[slots.length];
        this.weight = new double[slots.length];
        this.used = new int[instances];
        this.packed = new double[instances];
        this.hosts = new boolean[experts * instances];
        this.cap = slotsPerInstance;
    }

    /** Limits packing to {@code cap} replicas per instance until {@link #repair} needs more. */
    void limit(int cap) {
        this.cap = Math.min(slotsPerInstance, Math.max(cap, 1));
    }

    boolean canTake(int expert, int instance) {
        return used[instance] < cap && !hosts[expert * instances + instance];
    }

    boolean holds(int expert, int instance) {
        return hosts[expert * instances + instance];
    }

    double packed(int instance) {
        return packed[instance];
    }

    int used(int instance) {
        return used[instance];
    }

    void place(int expert, int instance, double w, boolean pin) {
        if (used[instance] == slotsPerInstance || holds(expert, instance)) {
            throw new IllegalStateException("layer " + layer + ": instance " + instance + " cannot take expert " + expert);
        }
        int p = instance * slotsPerInstance + used[instance]++;
        slots[p] = expert;
        pinned[p] = pin;
        weight[p] = w;
        packed[instance] += w;
        hosts[expert * instances + instance] = true;
    }

    /**
     * Places a replica that no instance in {@code [from, to)} can take directly: first by an
     * augmenting path within the packing limit, then with the limit raised to C.
     *
     * @throws PlacementConstraintException if no placement of this replica exists
     */
    void repair(int expert, double w, int from, int to) {
        if (augment(expert, w, from, to)) {
            return;
        }
        cap = slotsPerInstance;
        for (int i = from; i < to; i++) {
            if (canTake(expert, i)) {
                place(expert, i, w, false);
                return;
            }
        }
        if (!augment(expert, w, from, to)) {
            throw new PlacementConstraintException("layer " + layer + ": no room for another replica of expert "
                    + expert + " on instances " + from + ".." + (to - 1)
                    + ": every instance with a free slot already holds it and no replica can move to make room");
        }
    }

    /** Breadth-first search over instances; moves replicas one step along the path found. */
    private boolean augment(int expert, double w, int from, int to) {
        int[] parentSlot = new int[instances]; // slot whose replica moved INTO this instance, -1 = root
        boolean[] seen = new boolean[instances];
        int[] queue = new int[instances];
        int head = 0;
        int tail = 0;
        for (int i = from; i < to; i++) {
            if (!holds(expert, i)) {
                seen[i] = true;
                parentSlot[i] = -1;
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int k = queue[head++];
            for (int p = k * slotsPerInstance; p < k * slotsPerInstance + used[k]; p++) {
                int f = slots[p];
                if (pinned[p]) {
                    continue;
                }
                for (int j = from; j < to; j++) {
                    if (j == k || holds(f, j)) {
                        continue;
                    }
                    if (used[j] < cap) {
                        shift(p, j, expert, w, parentSlot);
                        return true;
                    }
                    if (!seen[j]) {
                        seen[j] = true;
                        parentSlot[j] = p;
                        queue[tail++] = j;
                    }
                }
            }
        }
        return false;
    }

    /** Moves slot p's replica to instance j, then back along the path; the root takes the new replica. */
    private void shift(int p, int j, int expert, double w, int[] parentSlot) {
        place(slots[p], j, weight[p], false);
        while (true) {
            int k = p / slotsPerInstance;
            int from = parentSlot[k];
            hosts[slots[p] * instances + k] = false;
            packed[k] -= weight[p];
            int incoming = from < 0 ? expert : slots[from];
            double incomingWeight = from < 0 ? w : weight[from];
            slots[p] = incoming;
            weight[p] = incomingWeight;
            packed[k] += incomingWeight;
            hosts[incoming * instances + k] = true;
            if (from < 0) {
                return;
            }
            p = from;
        }
    }

    /** A copy of the slot array. */
    int[] slots() {
        return slots.clone();
    }
}
