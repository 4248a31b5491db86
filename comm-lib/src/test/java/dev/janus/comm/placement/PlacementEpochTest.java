package dev.janus.comm.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlacementEpochTest {

    @Test
    void roundRobinWorkedExampleFromTheJavadoc() {
        PlacementEpoch epoch = PlacementEpoch.roundRobin(3, 2, 4, 3, 2, null);

        assertThat(epoch.version()).isEqualTo(3);
        assertThat(epoch.layers()).isEqualTo(2);
        assertThat(epoch.slotsPerInstance()).isEqualTo(2);
        assertThat(epoch.physicalExperts()).isEqualTo(6);
        assertThat(epoch.layer(0).slots()).containsExactly(0, 1, 0, 2, 1, 3);
        assertThat(epoch.layer(1).slots()).containsExactly(0, 1, 0, 2, 1, 3);
        LayerPlacement layer = epoch.layer(0);
        assertThat(layer.replicaCount(0)).isEqualTo(2);
        assertThat(layer.replica(0, 0)).isZero();
        assertThat(layer.replica(0, 1)).isEqualTo(2);
        assertThat(layer.replica(1, 0)).isEqualTo(1);
        assertThat(layer.replica(1, 1)).isEqualTo(4);
        assertThat(epoch.instanceOf(4)).isEqualTo(2);
        assertThat(layer.replicatedExpertCount()).isEqualTo(2);
        assertThat(layer.replicatedExpert(1)).isEqualTo(1);
    }

    @Test
    void roundRobinReplicatesTheMostLoadedExpertsPerLayer() {
        long[][] load = {{1, 100, 10, 1}, {50, 1, 1, 60}};

        PlacementEpoch epoch = PlacementEpoch.roundRobin(0, 2, 4, 3, 2, load);

        // layer 0: expert 1 (100) gets a 2nd replica, then 100/2 = 50 > 10: a 3rd one
        assertThat(epoch.layer(0).replicaCount(1)).isEqualTo(3);
        assertThat(epoch.layer(0).slots()).containsExactly(0, 1, 1, 2, 1, 3);
        // layer 1: expert 3 (60), then expert 0 (50 > 60 / 2)
        assertThat(epoch.layer(1).replicaCount(3)).isEqualTo(2);
        assertThat(epoch.layer(1).replicaCount(0)).isEqualTo(2);
    }

    @Test
    void roundRobinPadsWithEmptySlotsAndCapsReplicasAtInstances() {
        PlacementEpoch epoch = PlacementEpoch.roundRobin(0, 1, 2, 3, 3, null);
        // replicas (3, 2): list 0 0 0 1 1, C = 2, slot j -> (j % 3) * 2 + j / 3
        assertThat(epoch.layer(0).slots()).containsExactly(0, 1, 0, 1, 0, LayerPlacement.EMPTY);
        assertThatThrownBy(() -> PlacementEpoch.roundRobin(0, 1, 2, 3, 5, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redundant slots");
    }

    @Test
    void fixtureConventionPhysicalOnInstancePDivC() {
        int[] slots = {0, 4, 5, 1, 5, 0, 2, 6, 0, 3, 7, 6}; // golden_example.txt
        PlacementEpoch epoch = PlacementEpoch.uniform(1, 1, 8, 4, slots);

        LayerPlacement layer = epoch.layer(0);
        assertThat(layer.replicaCount(0)).isEqualTo(3);
        assertThat(new int[] {layer.replica(0, 0), layer.replica(0, 1), layer.replica(0, 2)}).containsExactly(0, 5, 8);
        assertThat(layer.logicalOf(10)).isEqualTo(7);
        assertThat(layer.instanceOf(10)).isEqualTo(3);
    }

    @Test
    void allowsADifferentPlacementPerLayer() {
        PlacementEpoch epoch = PlacementEpoch.of(0, 2, 2, new int[][] {{0, 1}, {1, 0}});
        assertThat(epoch.layer(0).replica(0, 0)).isZero();
        assertThat(epoch.layer(1).replica(0, 0)).isEqualTo(1);
        assertThat(epoch.samePlacement(PlacementEpoch.of(9, 2, 2, new int[][] {{0, 1}, {1, 0}}))).isTrue();
        assertThat(epoch.samePlacement(PlacementEpoch.of(0, 2, 2, new int[][] {{0, 1}, {0, 1}}))).isFalse();
    }

    @Test
    void rejectsInvalidPlacementsWithClearMessages() {
        assertThatThrownBy(() -> PlacementEpoch.of(0, 3, 2, new int[][] {{0, 1, 1, 0}}))
                .hasMessage("layer 0: logical expert 2 has no replica");
        assertThatThrownBy(() -> PlacementEpoch.of(0, 2, 2, new int[][] {{0, 0, 1, 1}}))
                .hasMessage("layer 0: logical expert 0 has two replicas (physical 0 and 1) on instance 0");
        assertThatThrownBy(() -> PlacementEpoch.of(0, 2, 2, new int[][] {{0, 1, 7, 1}}))
                .hasMessage("layer 0: physical slot 2 holds logical expert 7, outside [0, 2)");
        assertThatThrownBy(() -> PlacementEpoch.of(0, 2, 2, new int[][] {{0, 1, 1}}))
                .hasMessage("layer 0: 3 physical slots cannot be split evenly over 2 instances");
        assertThatThrownBy(() -> PlacementEpoch.of(0, 2, 2, new int[][] {{0, 1}, {0, 1, 1, 0}}))
                .hasMessage("layer 1 has 4 physical slots, layer 0 has 2");
        assertThatThrownBy(() -> PlacementEpoch.of(0, 2, 2, new int[0][]))
                .hasMessage("a placement needs at least one layer");
    }

    @Test
    void slotArraysAreCopiedSoTheEpochStaysImmutable() {
        int[] slots = {0, 1};
        PlacementEpoch epoch = PlacementEpoch.uniform(0, 1, 2, 2, slots);
        slots[0] = 1;
        epoch.layer(0).slots()[1] = 0;
        assertThat(epoch.layer(0).slots()).containsExactly(0, 1);
    }
}
