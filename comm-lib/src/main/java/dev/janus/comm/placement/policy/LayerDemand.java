package dev.janus.comm.placement.policy;

import java.util.Arrays;
import java.util.List;

/**
 * One layer's pins, checked against the cluster shape and the slot budget E + R: exact replica
 * counts, pinned instances, pinned replicas per instance. Every way the pins can be infeasible
 * up front throws {@link PlacementConstraintException} naming layer, expert and instance (what
 * is only found while packing, {@link ReplicaBoard#repair} reports).
 */
final class LayerDemand {

    final int layer;
    final int budget;        // E + R physical replicas wanted
    final int[] fixed;       // [E] exact replica count, 0 = the policy decides
    final int[][] pinnedTo;  // [E] pinned instances, or null
    final int[] pinnedOn;    // [N] pinned replicas per instance
    final boolean constrained;

    private LayerDemand(int layer, int budget, int[] fixed, int[][] pinnedTo, int[] pinnedOn, boolean constrained) {
        this.layer = layer;
        this.budget = budget;
        this.fixed = fixed;
        this.pinnedTo = pinnedTo;
        this.pinnedOn = pinnedOn;
        this.constrained = constrained;
    }

    static LayerDemand of(int layer, int experts, ClusterShape shape, List<Pins.Pin> pins, int budget) {
        int n = shape.instances();
        int c = shape.slotsPerInstance();
        int[] fixed = new int[experts];
        int[][] pinnedTo = new int[experts][];
        int[] pinnedOn = new int[n];
        for (Pins.Pin pin : pins) {
            int e = pin.expert();
            String at = "layer " + layer + ", expert " + e + ": ";
            if (e >= experts) {
                throw new PlacementConstraintException(at + "no such expert, the layer has " + experts);
            }
            if (pin.replicas() != 0 && (pin.replicas() < 1 || pin.replicas() > n)) {
                throw new PlacementConstraintException(at + pin.replicas() + " replicas requested, but an expert"
                        + " has 1 to N = " + n + " replicas (at most one per instance)");
            }
            if (pin.pinned()) {
                int[] to = pin.instances().stream().mapToInt(Integer::intValue).toArray();
                boolean[] seen = new boolean[n];
                for (int i : to) {
                    if (i < 0 || i >= n) {
                        throw new PlacementConstraintException(at + "pinned instance " + i + " is outside [0, " + n + ")");
                    }
                    if (seen[i]) {
                        throw new PlacementConstraintException(at + "instance " + i
                                + " is pinned twice; replicas of one expert must be on distinct instances");
                    }
                    seen[i] = true;
                    pinnedOn[i]++;
                }
                if (pin.replicas() != 0 && pin.replicas() != to.length) {
                    throw new PlacementConstraintException(at + "pinned to " + to.length + " instances "
                            + Arrays.toString(to) + " but " + pin.replicas() + " replicas requested");
                }
                pinnedTo[e] = to;
                fixed[e] = to.length;
            } else if (pin.replicas() != 0) {
                fixed[e] = pin.replicas();
            }
        }
        int free = 0;
        for (int i = 0; i < n; i++) {
            if (pinnedOn[i] > c) {
                throw new PlacementConstraintException("layer " + layer + ": instance " + i + " has " + pinnedOn[i]
                        + " pinned replicas but only C = " + c + " slots");
            }
            free += pinnedOn[i] < c ? 1 : 0;
        }
        int needed = 0;
        for (int e = 0; e < experts; e++) {
            needed += fixed[e] > 0 ? fixed[e] : 1;
            if (fixed[e] > free && pinnedTo[e] == null) {
                throw new PlacementConstraintException("layer " + layer + ", expert " + e + ": " + fixed[e]
                        + " replicas requested, but only " + free + " instances have a slot that is not pinned");
            }
        }
        if (needed > budget) {
            throw new PlacementConstraintException("layer " + layer + ": pins and replica counts need " + needed
                    + " replicas (one per unconstrained expert) but E + R = " + budget + " slots are planned");
        }
        return new LayerDemand(layer, budget, fixed, pinnedTo, pinnedOn, !pins.isEmpty());
    }

    /** Instances with at least one slot not taken by pins: the most replicas a free expert can get. */
    int freeInstances(int slotsPerInstance) {
        int free = 0;
        for (int p : pinnedOn) {
            free += p < slotsPerInstance ? 1 : 0;
        }
        return free;
    }

    boolean pinned(int expert) {
        return pinnedTo[expert] != null;
    }

    /** Puts the pinned replicas on the board, weighted {@code load / replicas} like the others. */
    void placePins(ReplicaBoard board, double[] load, int[] counts) {
        for (int e = 0; e < pinnedTo.length; e++) {
            if (pinnedTo[e] != null) {
                for (int i : pinnedTo[e]) {
                    board.place(e, i, load[e] / counts[e], true);
                }
            }
        }
    }
}
