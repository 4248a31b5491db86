package dev.janus.comm.placement.policy;

/**
 * The MoE side of the cluster a placement is planned for: N MoE instances with C expert slots
 * each (C is the per-instance memory limit), grouped into nodes of {@code instancesPerNode}.
 *
 * <p>{@code instancesPerNode} 0 or N means one node. With {@code 1 < instancesPerNode < N} there
 * are several nodes and {@code eplb} may use DeepSeek EPLB's hierarchical policy (expert groups
 * packed onto nodes first, so group-limited routing stays inside a node); with 1 instance per
 * node there is nothing to replicate within a node, so the global policy is used.
 *
 * @param instances        N MoE instances
 * @param slotsPerInstance C physical expert slots per instance, every layer
 * @param instancesPerNode instances sharing a node (fast intra-node links), 0 = all
 */
public record ClusterShape(int instances, int slotsPerInstance, int instancesPerNode) {

    public ClusterShape {
        if (instances <= 0 || slotsPerInstance <= 0) {
            throw new IllegalArgumentException("a cluster needs instances > 0 and slotsPerInstance > 0, got N = "
                    + instances + ", C = " + slotsPerInstance);
        }
        if (instancesPerNode < 0 || instancesPerNode > instances) {
            throw new IllegalArgumentException("instancesPerNode must be in [0, " + instances + "], got "
                    + instancesPerNode);
        }
        if (instancesPerNode > 0 && instances % instancesPerNode != 0) {
            throw new IllegalArgumentException("instancesPerNode " + instancesPerNode + " does not divide the "
                    + instances + " instances into whole nodes");
        }
    }

    /** One node of N instances with C slots each. */
    public static ClusterShape of(int instances, int slotsPerInstance) {
        return new ClusterShape(instances, slotsPerInstance, 0);
    }

    /**
     * The smallest C that holds every logical expert plus R redundant replicas per layer:
     * {@code C = ceil((E + R) / N)}, as {@code PlacementEpoch.roundRobin} sizes it.
     */
    public static ClusterShape forRedundantSlots(int experts, int instances, int redundantSlotsPerLayer,
                                                 int instancesPerNode) {
        if (experts <= 0 || instances <= 0 || redundantSlotsPerLayer < 0) {
            throw new IllegalArgumentException("need experts > 0, instances > 0 and redundant slots >= 0, got E = "
                    + experts + ", N = " + instances + ", R = " + redundantSlotsPerLayer);
        }
        long total = (long) experts + redundantSlotsPerLayer;
        return new ClusterShape(instances, (int) ((total + instances - 1) / instances), instancesPerNode);
    }

    /** P = N * C physical slots per layer. */
    public int physicalSlots() {
        return instances * slotsPerInstance;
    }

    /** Instances per node, with the one-node case spelled out as N. */
    public int nodeSize() {
        return instancesPerNode == 0 ? instances : instancesPerNode;
    }

    public int nodes() {
        return instances / nodeSize();
    }

    /** Several nodes with several instances each: EPLB's hierarchical policy applies. */
    public boolean multiNode() {
        return nodeSize() > 1 && nodeSize() < instances;
    }

    public int nodeOf(int instance) {
        return instance / nodeSize();
    }
}
