package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.stats.ActivationSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementInputsTest {

    @Test
    void clusterShapeSizesAndValidates() {
        ClusterShape v3 = ClusterShape.forRedundantSlots(256, 64, 32, 0);
        assertThat(v3.slotsPerInstance()).isEqualTo(5); // ceil(288 / 64)
        assertThat(v3.nodes()).isEqualTo(1);
        assertThat(v3.multiNode()).isFalse();
        ClusterShape twoNodes = new ClusterShape(8, 2, 4);
        assertThat(twoNodes.multiNode()).isTrue();
        assertThat(twoNodes.nodeOf(5)).isEqualTo(1);
        assertThat(new ClusterShape(8, 2, 1).multiNode()).isFalse();
        assertThat(new ClusterShape(8, 2, 8).nodes()).isEqualTo(1);
        assertThatThrownBy(() -> new ClusterShape(8, 2, 3)).hasMessageContaining("does not divide the 8 instances");
        assertThatThrownBy(() -> new ClusterShape(0, 2, 0)).hasMessageContaining("instances > 0");
        assertThatThrownBy(() -> new ClusterShape(4, 2, 5)).hasMessageContaining("[0, 4]");
        assertThatThrownBy(() -> ClusterShape.forRedundantSlots(8, 2, -1, 0)).hasMessageContaining("R = -1");
    }

    @Test
    void placementRoundTripsThroughAnEpoch() {
        PlacementEpoch epoch = PlacementEpoch.roundRobin(4, 2, 4, 3, 2, null);

        Placement placement = Placement.of(epoch);

        assertThat(placement.slotsPerInstance()).isEqualTo(2);
        assertThat(placement.instancesOf(0, 0)).containsExactly(0, 1);
        assertThat(placement.toEpoch(7).samePlacement(epoch)).isTrue();
        assertThat(placement.toEpoch(7).version()).isEqualTo(7);
    }

    @Test
    void placementIsImmutableAndChecked() {
        int[][] slots = {{0, 1, 1, LayerPlacement.EMPTY}};
        Placement placement = new Placement(2, 2, slots);
        slots[0][0] = 1;
        placement.slots()[0][1] = 0;

        assertThat(placement.layer(0)).containsExactly(0, 1, 1, -1);
        assertThatThrownBy(() -> new Placement(2, 2, new int[][] {{0, 1, 2, 0}})).hasMessageContaining("outside [0, 2)");
        assertThatThrownBy(() -> new Placement(2, 2, new int[][] {{0, 1, 1}})).hasMessageContaining("evenly");
        // two replicas of expert 1 on instance 1 break LayerPlacement's rule
        assertThatThrownBy(() -> new Placement(2, 2, new int[][] {{0, -1, 1, 1}}).toEpoch(0))
                .hasMessageContaining("two replicas");
    }

    @Test
    void statisticsFromASnapshot() {
        // 1 layer, 3 experts; pairs (0,1) = 4, (1,2) = 2 stored for i < j only
        long[] pairs = new long[9];
        pairs[1] = 4;
        pairs[5] = 2;
        ActivationSnapshot snapshot = new ActivationSnapshot(1, 3, 1000, new long[] {5, 6, 2}, pairs);

        ExpertLoad load = ExpertLoad.of(snapshot);
        CoActivation co = CoActivation.of(snapshot);

        assertThat(load.layer(0)).containsExactly(5, 6, 2);
        assertThat(load.total(0)).isEqualTo(13);
        assertThat(co.count(0, 1, 0)).isEqualTo(4);
        assertThat(co.count(0, 2, 1)).isEqualTo(2);
        assertThat(co.count(0, 1, 1)).isEqualTo(6);
        assertThat(co.known()).isTrue();
        assertThat(CoActivation.none(1, 3).count(0, 0, 1)).isZero();
        assertThat(ExpertLoad.uniform(2, 3).count(1, 2)).isEqualTo(1);
        assertThatThrownBy(() -> new CoActivation(1, 2, new long[] {0, 1, 0, 0})).hasMessageContaining("symmetric");
        assertThatThrownBy(() -> new ExpertLoad(1, 2, new long[] {1, -1})).hasMessageContaining("negative");
    }

    @Test
    void pinsAreImmutableValues() {
        Pins one = Pins.NONE.withInstances(2, 7, 3, 1);
        Pins two = one.withReplicas(2, 7, 2).withReplicas(0, 1, 3);

        assertThat(Pins.NONE.isEmpty()).isTrue();
        assertThat(one.pin(2, 7).replicas()).isZero();
        assertThat(two.pin(2, 7)).isEqualTo(new Pins.Pin(2, 7, List.of(3, 1), 2));
        assertThat(two.layer(2)).hasSize(1);
        assertThat(two.pins()).extracting(Pins.Pin::layer).containsExactly(0, 2);
        assertThat(two.without(2, 7).pin(2, 7)).isNull();
        assertThatThrownBy(() -> Pins.NONE.withInstances(-1, 0, 0)).hasMessageContaining("layer -1");
    }
}
