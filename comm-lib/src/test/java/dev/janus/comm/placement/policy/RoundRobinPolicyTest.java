package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.PlacementEpoch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundRobinPolicyTest {

    @Test
    void equalsPlacementEpochRoundRobinSlotForSlot() {
        SplittableRandom random = new SplittableRandom(5);
        int[][] shapes = {{4, 3, 2}, {8, 4, 4}, {16, 4, 0}, {12, 5, 9}, {256, 64, 32}, {2, 3, 3}, {7, 7, 0}};
        for (int[] s : shapes) {
            int e = s[0];
            int n = s[1];
            int r = s[2];
            long[][] load = new long[3][e];
            for (long[] row : load) {
                for (int x = 0; x < e; x++) {
                    row[x] = random.nextInt(4) == 0 ? 0 : random.nextLong(1000); // zeros make ties
                }
            }
            PlacementEpoch expected = PlacementEpoch.roundRobin(0, 3, e, n, r, load);

            Placement placement = new RoundRobinPolicy().plan(ExpertLoad.of(load), CoActivation.none(3, e),
                    ClusterShape.forRedundantSlots(e, n, r, 0), Pins.NONE, r);

            assertThat(placement).as("E=%d N=%d R=%d", e, n, r).isEqualTo(Placement.of(expected));
        }
    }

    @Test
    void uniformLoadEqualsRoundRobinWithoutLoad() {
        Placement placement = new RoundRobinPolicy().plan(ExpertLoad.uniform(2, 4), CoActivation.none(2, 4),
                ClusterShape.forRedundantSlots(4, 3, 2, 0), Pins.NONE, 2);

        // PlacementEpoch's worked example: instance 0 hosts 0 and 1, 1 hosts 0 and 2, 2 hosts 1 and 3
        assertThat(placement.layer(0)).containsExactly(0, 1, 0, 2, 1, 3);
        assertThat(placement).isEqualTo(Placement.of(PlacementEpoch.roundRobin(0, 2, 4, 3, 2, null)));
    }

    @Test
    void pinnedReplicasComeFirstAndTheCycleSkipsFullAndHoldingInstances() {
        // E = 4, N = 3, C = 2, R = 2; expert 3 pinned to instances 0 and 1
        Pins pins = Pins.NONE.withInstances(0, 3, 0, 1);

        Placement placement = new RoundRobinPolicy().plan(ExpertLoad.uniform(1, 4), CoActivation.none(1, 4),
                ClusterShape.of(3, 2), pins, 2);

        // counts: 3 fixed at 2, one extra -> expert 0: list 0 0 1 2 over the cycle 0, 1, 2, ...
        // 0 -> i0, 0 -> i1, 1 -> i2, 2 -> i0 is full (3, 0), i1 full (3, 0) -> i2
        assertThat(placement.layer(0)).containsExactly(3, 0, 3, 0, 1, 2);
        assertThat(placement.instancesOf(0, 3)).containsExactly(0, 1);
    }
}
