package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementConstraintTest {

    static final List<PlacementPolicy> POLICIES = List.of(new RoundRobinPolicy(), new EplbPolicy(),
            JanusWorkedExampleTest.janus(JanusOptions.DEFAULTS));

    static void assertRefused(int experts, ClusterShape shape, int redundant, Pins pins, String... message) {
        for (PlacementPolicy policy : POLICIES) {
            var thrown = assertThatThrownBy(() -> policy.plan(ExpertLoad.uniform(2, experts),
                    CoActivation.none(2, experts), shape, pins, redundant))
                    .as(policy.name()).isInstanceOf(PlacementConstraintException.class);
            for (String part : message) {
                thrown.hasMessageContaining(part);
            }
        }
    }

    @Test
    void moreReplicasThanSlots() {
        assertRefused(4, ClusterShape.of(2, 2), 1, Pins.NONE, "E + R = 4 + 1", "4 physical slots");
    }

    @Test
    void pinnedInstanceOutOfRange() {
        assertRefused(4, ClusterShape.of(2, 2), 0, Pins.NONE.withInstances(1, 3, 5),
                "layer 1, expert 3: pinned instance 5 is outside [0, 2)");
    }

    @Test
    void instancePinnedTwice() {
        assertRefused(4, ClusterShape.of(2, 3), 0, Pins.NONE.withInstances(0, 1, 1, 1),
                "layer 0, expert 1: instance 1 is pinned twice");
    }

    @Test
    void replicaCountOutOfRange() {
        assertRefused(4, ClusterShape.of(2, 3), 2, Pins.NONE.withReplicas(0, 2, 3),
                "layer 0, expert 2: 3 replicas requested", "N = 2");
        assertThatThrownBy(() -> Pins.NONE.withReplicas(0, 2, 0))
                .isInstanceOf(PlacementConstraintException.class)
                .hasMessageContaining("layer 0, expert 2: 0 replicas requested");
    }

    @Test
    void pinnedAndRequestedCountsDisagree() {
        assertRefused(4, ClusterShape.of(2, 3), 2, Pins.NONE.withInstances(1, 0, 1).withReplicas(1, 0, 2),
                "layer 1, expert 0: pinned to 1 instances [1] but 2 replicas requested");
    }

    @Test
    void morePinsOnAnInstanceThanSlots() {
        Pins pins = Pins.NONE.withInstances(0, 0, 0).withInstances(0, 1, 0).withInstances(0, 2, 0);
        assertRefused(4, ClusterShape.of(2, 2), 0, pins, "layer 0: instance 0 has 3 pinned replicas but only C = 2");
    }

    @Test
    void pinsAndCountsNeedMoreThanTheBudget() {
        Pins pins = Pins.NONE.withReplicas(1, 0, 2).withReplicas(1, 1, 2);
        assertRefused(4, ClusterShape.of(2, 3), 1, pins, "layer 1: pins and replica counts need 6 replicas",
                "E + R = 5");
    }

    @Test
    void requestedCountAboveTheInstancesWithFreeSlots() {
        Pins pins = Pins.NONE.withInstances(0, 0, 0).withReplicas(0, 1, 2);
        assertRefused(2, ClusterShape.of(2, 1), 0, pins,
                "layer 0, expert 1: 2 replicas requested, but only 1 instances have a slot that is not pinned");
    }

    @Test
    void pinsOutsideTheModel() {
        assertRefused(4, ClusterShape.of(2, 2), 0, Pins.NONE.withInstances(2, 0, 0), "pin for layer 2",
                "2 MoE layers");
        assertRefused(4, ClusterShape.of(2, 2), 0, Pins.NONE.withReplicas(0, 4, 1), "layer 0, expert 4: no such expert");
    }

    @Test
    void infeasibleOnlyOncePacked() {
        // instance 0 keeps one free slot; experts 1 and 2 each need both instances
        Pins pins = Pins.NONE.withInstances(0, 0, 0).withInstances(0, 3, 0).withReplicas(0, 1, 2).withReplicas(0, 2, 2);
        assertRefused(4, ClusterShape.of(2, 3), 2, pins, "layer 0: no room for another replica of expert");
    }

    @Test
    void aRequestedCountIsMetEvenWhenTheGreedyOrderWouldStrandIt() {
        // E = 3, N = 3, C = 2; expert 0 pinned to instances 0 and 1, expert 2 asks for 3 replicas:
        // it needs a slot on every instance, which the repair keeps free by moving others
        Pins pins = Pins.NONE.withInstances(0, 0, 0, 1).withReplicas(0, 2, 3);
        for (PlacementPolicy policy : POLICIES) {
            Placement p = policy.plan(ExpertLoad.of(new long[][] {{10, 90, 1}}), CoActivation.none(1, 3),
                    ClusterShape.of(3, 2), pins, 3);

            assertThat(p.instancesOf(0, 2)).as(policy.name()).containsExactly(0, 1, 2);
            assertThat(p.instancesOf(0, 0)).as(policy.name()).containsExactly(0, 1);
            p.toEpoch(0);
        }
    }
}
