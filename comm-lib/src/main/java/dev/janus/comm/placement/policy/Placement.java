package dev.janus.comm.placement.policy;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A planned placement, before it becomes a versioned {@link PlacementEpoch}: per layer, the
 * logical expert of each physical slot (fixtures/aebs/README.md convention: P = N * C slots,
 * slot p on instance p / C), or {@link LayerPlacement#EMPTY}. Immutable (arrays are copied in
 * and out). The distinct-instance rule is checked by {@link #toEpoch}.
 *
 * @param experts   logical experts E per layer
 * @param instances MoE instances N
 * @param slots     {@code [layers][N * C]} logical expert of each physical slot
 */
public record Placement(int experts, int instances, int[][] slots) {

    public Placement {
        if (experts <= 0 || instances <= 0 || slots.length == 0) {
            throw new IllegalArgumentException("a placement needs experts > 0, instances > 0 and a layer, got E = "
                    + experts + ", N = " + instances + ", " + slots.length + " layers");
        }
        int physical = slots[0].length;
        if (physical == 0 || physical % instances != 0) {
            throw new IllegalArgumentException(physical + " physical slots cannot be split evenly over "
                    + instances + " instances");
        }
        int[][] copy = new int[slots.length][];
        for (int l = 0; l < slots.length; l++) {
            if (slots[l].length != physical) {
                throw new IllegalArgumentException("layer " + l + " has " + slots[l].length
                        + " physical slots, layer 0 has " + physical);
            }
            for (int p = 0; p < physical; p++) {
                if (slots[l][p] < LayerPlacement.EMPTY || slots[l][p] >= experts) {
                    throw new IllegalArgumentException("layer " + l + ": slot " + p + " holds expert "
                            + slots[l][p] + ", outside [0, " + experts + ")");
                }
            }
            copy[l] = slots[l].clone();
        }
        slots = copy;
    }

    /** The slots of every layer of an epoch. */
    public static Placement of(PlacementEpoch epoch) {
        int[][] slots = new int[epoch.layers()][];
        for (int l = 0; l < slots.length; l++) {
            slots[l] = epoch.layer(l).slots();
        }
        return new Placement(epoch.logicalExperts(), epoch.instances(), slots);
    }

    /**
     * This placement as an epoch.
     *
     * @throws IllegalArgumentException if a logical expert has no replica or two replicas share
     *     an instance ({@link PlacementEpoch#of})
     */
    public PlacementEpoch toEpoch(long version) {
        return PlacementEpoch.of(version, experts, instances, slots);
    }

    public int layers() {
        return slots.length;
    }

    /** P = N * C. */
    public int physicalSlots() {
        return slots[0].length;
    }

    /** C. */
    public int slotsPerInstance() {
        return slots[0].length / instances;
    }

    /** Logical expert of a physical slot, or {@link LayerPlacement#EMPTY}. */
    public int logical(int layer, int physical) {
        return slots[layer][physical];
    }

    /** A copy of one layer's slots. */
    public int[] layer(int layer) {
        return slots[layer].clone();
    }

    /** Replicas of a logical expert in a layer. */
    public int replicaCount(int layer, int expert) {
        int n = 0;
        for (int e : slots[layer]) {
            n += e == expert ? 1 : 0;
        }
        return n;
    }

    /** Instances hosting a replica of the expert, ascending (with repeats if the rule is broken). */
    public int[] instancesOf(int layer, int expert) {
        int c = slotsPerInstance();
        return IntStream.range(0, physicalSlots())
                .filter(p -> slots[layer][p] == expert).map(p -> p / c).toArray();
    }

    @Override
    public int[][] slots() {
        int[][] copy = new int[slots.length][];
        for (int l = 0; l < slots.length; l++) {
            copy[l] = slots[l].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placement other && experts == other.experts && instances == other.instances
                && Arrays.deepEquals(slots, other.slots);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * experts + instances) + Arrays.deepHashCode(slots);
    }

    @Override
    public String toString() {
        return "Placement[layers=" + slots.length + ", E=" + experts + ", N=" + instances + ", C="
                + slotsPerInstance() + "]";
    }
}
