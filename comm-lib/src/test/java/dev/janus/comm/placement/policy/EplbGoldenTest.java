package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * deepseek-ai/EPLB's README example: 2 layers x 12 experts, num_replicas = 16, num_groups = 4,
 * num_nodes = 2, num_gpus = 8 ({@code rebalance_experts} takes the hierarchical policy). The
 * printed phy2log is our slot array: physical expert p on GPU p / 2. EPLB's placement happens
 * to keep the two replicas of each expert on distinct GPUs, so our distinct-instance rule does
 * not change it and the output is reproduced exactly.
 */
class EplbGoldenTest {

    static final long[][] WEIGHT = {
            {90, 132, 40, 61, 104, 165, 39, 4, 73, 56, 183, 86},
            {20, 107, 104, 64, 19, 197, 187, 157, 172, 86, 16, 27}};

    static final int[][] PHY2LOG = {
            {5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1},
            {7, 10, 6, 8, 6, 11, 8, 9, 2, 4, 5, 1, 5, 0, 3, 1}};

    // 8 GPUs with 2 slots each, 4 GPUs per node: 2 nodes; 16 - 12 = 4 redundant replicas
    static final ClusterShape SHAPE = new ClusterShape(8, 2, 4);

    @Test
    void reproducesTheReadmePhy2log() {
        Placement placement = new EplbPolicy(4).plan(ExpertLoad.of(WEIGHT), CoActivation.none(2, 12), SHAPE,
                Pins.NONE, 4);

        assertThat(placement.slots()).isDeepEqualTo(PHY2LOG);
        assertThat(placement.toEpoch(1).layer(0).replicaCount(5)).isEqualTo(2);
    }

    @Test
    void replicatesTheHottestExpertOfEachNode() {
        Placement placement = new EplbPolicy(4).plan(ExpertLoad.of(WEIGHT), CoActivation.none(2, 12), SHAPE,
                Pins.NONE, 4);

        // layer 0: node 0 holds groups {3,4,5} and {6,7,8} -> 5 (165) and 4 (104) doubled;
        // node 1 holds {9,10,11} and {0,1,2} -> 10 (183) and 1 (132) doubled
        int[] counts = new int[12];
        for (int e = 0; e < 12; e++) {
            counts[e] = placement.replicaCount(0, e);
        }
        assertThat(counts).containsExactly(1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1);
    }

    @Test
    void theGlobalPolicyKeepsReplicasOnDistinctGpus() {
        // one node: EPLB's global policy (rebalance_experts_hierarchical(weight, 16, 1, 1, 8));
        // replicas for 10, 5, 1, 4 (layer 0) and 5, 6, 8, 7 (layer 1), as EPLB's replicate_experts.
        // Layer 1 packs 1, 2, 5, 5', 6, 6', 8, 9 onto GPUs 0..7, then EPLB would put 8' (86) on
        // GPU 6 (86, lowest id of the tie with GPU 7), beside 8 itself; we skip GPU 6 -> 8' on
        // GPU 7, so 7 (78.5) then goes to GPU 6. The rest is EPLB's greedy unchanged.
        Placement placement = new EplbPolicy().plan(ExpertLoad.of(WEIGHT), CoActivation.none(2, 12),
                ClusterShape.of(8, 2), Pins.NONE, 4);

        assertThat(placement.layer(0)).containsExactly(10, 6, 10, 7, 0, 2, 11, 4, 5, 9, 5, 4, 8, 1, 1, 3);
        assertThat(placement.layer(1)).containsExactly(1, 10, 2, 4, 5, 11, 5, 0, 6, 7, 6, 3, 8, 7, 9, 8);
        double[] gpu = new double[8];
        for (int p = 0; p < 16; p++) {
            int e = placement.logical(1, p);
            gpu[p / 2] += (double) WEIGHT[1][e] / placement.replicaCount(1, e);
        }
        // EPLB's own packing has the same maximum: GPUs 4 and 7 at 172 tokens
        assertThat(gpu).containsExactly(123.0, 123.0, 125.5, 118.5, 172.0, 157.5, 164.5, 172.0);
    }
}
