package dev.janus.comm.placement;

import dev.janus.model.moe.ExpertPlacement;
import java.util.Arrays;

/**
 * Immutable, versioned placement of every MoE layer's experts on the MoE instances (DESIGN.md
 * §4): physical → logical, logical → physicals (ascending), instance of each physical. Services
 * switch from one epoch to the next atomically; an attention instance schedules every layer of
 * a step with one epoch.
 *
 * <p>Shape (fixtures/aebs/README.md): {@code P = N * C} physical slots per layer on N MoE
 * instances, C slots each; physical id {@code p} lives on instance {@code p / C}; replicas of
 * one logical expert are on distinct instances. The cluster shape (E, N, C) is the same for
 * every layer, but each layer may place its experts differently ({@link #layer(int)}).
 */
public final class PlacementEpoch implements ExpertPlacement {

    private final long version;
    private final int logicalExperts;
    private final int instances;
    private final LayerPlacement[] layers;

    private PlacementEpoch(long version, int logicalExperts, int instances, LayerPlacement[] layers) {
        this.version = version;
        this.logicalExperts = logicalExperts;
        this.instances = instances;
        this.layers = layers;
    }

    /**
     * An epoch from explicit slot arrays, one per layer: {@code slotsPerLayer[layer][p]} is the
     * logical expert held by physical slot p, or {@link LayerPlacement#EMPTY}.
     *
     * @throws IllegalArgumentException if a layer's slot count differs from the others or is not
     *     a multiple of {@code instances}, a slot holds an id outside [0, E), a logical expert has
     *     no replica, or two replicas of one expert are on the same instance
     */
    public static PlacementEpoch of(long version, int logicalExperts, int instances, int[][] slotsPerLayer) {
        if (logicalExperts <= 0 || instances <= 0) {
            throw new IllegalArgumentException("need logicalExperts > 0 and instances > 0, got "
                    + logicalExperts + " and " + instances);
        }
        if (slotsPerLayer.length == 0) {
            throw new IllegalArgumentException("a placement needs at least one layer");
        }
        LayerPlacement[] layers = new LayerPlacement[slotsPerLayer.length];
        for (int l = 0; l < layers.length; l++) {
            if (slotsPerLayer[l].length != slotsPerLayer[0].length) {
                throw new IllegalArgumentException("layer " + l + " has " + slotsPerLayer[l].length
                        + " physical slots, layer 0 has " + slotsPerLayer[0].length);
            }
            layers[l] = new LayerPlacement(l, logicalExperts, instances, slotsPerLayer[l]);
        }
        return new PlacementEpoch(version, logicalExperts, instances, layers);
    }

    /** An epoch with the same slot array in every layer. */
    public static PlacementEpoch uniform(long version, int layers, int logicalExperts, int instances, int[] slots) {
        int[][] perLayer = new int[layers][];
        Arrays.fill(perLayer, slots);
        return of(version, logicalExperts, instances, perLayer);
    }

    /**
     * A deterministic placement with {@code redundantSlotsPerLayer} extra replicas per layer.
     *
     * <p>Replication (DeepSeek EPLB's rule): every expert starts with one replica; each redundant
     * replica in turn goes to the expert with the highest {@code load[layer][e] / replicas(e)}
     * (ties → fewer replicas, then lowest id) that has fewer than N replicas. Without a load
     * vector all loads count as equal, so the extras go to experts 0, 1, 2, … (then a third
     * replica to 0, 1, …).
     *
     * <p>Placement: the replicas are listed expert by expert in ascending logical id, each
     * expert's copies contiguous, and the j-th entry goes to instance {@code j mod N}, slot
     * {@code j / N} on it, i.e. physical id {@code (j mod N) * C + j / N} with
     * {@code C = ceil((E + R) / N)}. Contiguous copies of one expert (at most N) land on distinct
     * instances; left-over slots stay {@link LayerPlacement#EMPTY}.
     *
     * <p>Worked example (a test): E = 4, N = 3, R = 2, no load → replicas (2, 2, 1, 1), list
     * 0 0 1 1 2 3, C = 2, slots {@code [0, 1, 0, 2, 1, 3]}: instance 0 hosts experts 0 and 1,
     * instance 1 hosts 0 and 2, instance 2 hosts 1 and 3.
     *
     * @param load {@code [layers][E]} recent per-expert token counts, or null
     */
    public static PlacementEpoch roundRobin(long version, int layers, int logicalExperts, int instances,
                                            int redundantSlotsPerLayer, long[][] load) {
        if (redundantSlotsPerLayer < 0 || (long) redundantSlotsPerLayer > (long) logicalExperts * (instances - 1)) {
            throw new IllegalArgumentException("redundant slots per layer must be in [0, E * (N - 1)] = [0, "
                    + (long) logicalExperts * (instances - 1) + "], got " + redundantSlotsPerLayer);
        }
        if (load != null && load.length != layers) {
            throw new IllegalArgumentException("load has " + load.length + " layers, expected " + layers);
        }
        int total = logicalExperts + redundantSlotsPerLayer;
        int slotsPerInstance = (total + instances - 1) / instances;
        int[][] slots = new int[layers][];
        for (int l = 0; l < layers; l++) {
            long[] layerLoad = load == null ? new long[logicalExperts] : load[l];
            if (layerLoad.length != logicalExperts) {
                throw new IllegalArgumentException("load of layer " + l + " has " + layerLoad.length
                        + " experts, expected " + logicalExperts);
            }
            int[] replicas = replicaCounts(layerLoad, instances, redundantSlotsPerLayer);
            int[] layerSlots = new int[instances * slotsPerInstance];
            Arrays.fill(layerSlots, LayerPlacement.EMPTY);
            int j = 0;
            for (int e = 0; e < logicalExperts; e++) {
                for (int c = 0; c < replicas[e]; c++, j++) {
                    layerSlots[(j % instances) * slotsPerInstance + j / instances] = e;
                }
            }
            slots[l] = layerSlots;
        }
        return of(version, logicalExperts, instances, slots);
    }

    private static int[] replicaCounts(long[] load, int instances, int redundant) {
        int[] replicas = new int[load.length];
        Arrays.fill(replicas, 1);
        for (int r = 0; r < redundant; r++) {
            int best = -1;
            for (int e = 0; e < load.length; e++) {
                if (replicas[e] >= instances) {
                    continue;
                }
                // load[e] / replicas[e] vs load[best] / replicas[best], cross-multiplied
                double mine = (double) load[e] * (best < 0 ? 1 : replicas[best]);
                double theirs = best < 0 ? 0 : (double) load[best] * replicas[e];
                if (best < 0 || mine > theirs || (mine == theirs && replicas[e] < replicas[best])) {
                    best = e;
                }
            }
            replicas[best]++;
        }
        return replicas;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int logicalOf(int layer, int physical) {
        return layers[layer].logicalOf(physical);
    }

    /** The same placement under another version (rollback re-applies an old placement as a new version). */
    public PlacementEpoch withVersion(long newVersion) {
        return new PlacementEpoch(newVersion, logicalExperts, instances, layers);
    }

    /** Physical replicas {@code instance} hosts, summed over layers. */
    public int hostedBy(int instance) {
        int hosted = 0;
        for (LayerPlacement layer : layers) {
            int c = layer.slotsPerInstance();
            for (int p = instance * c; p < (instance + 1) * c; p++) {
                hosted += layer.logicalOf(p) == LayerPlacement.EMPTY ? 0 : 1;
            }
        }
        return hosted;
    }

    /** Whether {@code instance} hosts a replica of {@code logical} in {@code layer}. */
    public boolean hosts(int instance, int layer, int logical) {
        LayerPlacement placement = layers[layer];
        for (int i = 0; i < placement.replicaCount(logical); i++) {
            if (placement.instanceOf(placement.replica(logical, i)) == instance) {
                return true;
            }
        }
        return false;
    }

    public int layers() {
        return layers.length;
    }

    public int logicalExperts() {
        return logicalExperts;
    }

    /** N: number of MoE instances. */
    public int instances() {
        return instances;
    }

    /** C: physical slots per MoE instance. */
    public int slotsPerInstance() {
        return layers[0].slotsPerInstance();
    }

    /** P = N * C: physical slots per layer. */
    public int physicalExperts() {
        return layers[0].physicalExperts();
    }

    /** MoE instance hosting a physical slot (the same in every layer). */
    public int instanceOf(int physical) {
        return physical / layers[0].slotsPerInstance();
    }

    public LayerPlacement layer(int layer) {
        return layers[layer];
    }

    /** Same placement of every layer, regardless of version. */
    public boolean samePlacement(PlacementEpoch other) {
        return logicalExperts == other.logicalExperts && instances == other.instances
                && Arrays.equals(layers, other.layers);
    }

    @Override
    public String toString() {
        return "PlacementEpoch[version=" + version + ", layers=" + layers.length + ", E=" + logicalExperts
                + ", N=" + instances + ", C=" + slotsPerInstance() + "]";
    }
}
