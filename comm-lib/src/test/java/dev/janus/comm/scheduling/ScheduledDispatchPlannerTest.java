package dev.janus.comm.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;
import org.junit.jupiter.api.Test;

class ScheduledDispatchPlannerTest {

    @Test
    void plansEachLayerStepWithTheEpochItAcquiredAndCarriesItInThePlan() {
        // layer 0: expert 0 on instance 0 only; layer 1: expert 0 on instance 1 only
        PlacementEpoch first = PlacementEpoch.of(1, 2, 2, new int[][] {{0, 1}, {1, 0}});
        CurrentPlacement current = new CurrentPlacement(first);
        DispatchPlanner planner = new ScheduledDispatchPlanner(SchedulingPolicy.DEFAULT.create(), current);
        RoutingDecision routing = new RoutingDecision();
        routing.reset(1, 1);
        routing.set(0, 0, 0, 1f);
        DispatchPlan plan = new DispatchPlan();

        planner.plan(0, routing, plan);
        assertThat(plan.physical(0)).isZero();
        assertThat(plan.placement()).isSameAs(first);
        assertThat(current.stepsInFlight(1)).isEqualTo(1); // until the executor releases it
        current.release(first);
        planner.plan(1, routing, plan);
        assertThat(plan.physical(0)).isEqualTo(1);
        assertThat(plan.groupSize(1)).isEqualTo(1);
        current.release(first);

        PlacementEpoch second = PlacementEpoch.of(2, 2, 2, new int[][] {{1, 0}, {1, 0}});
        current.commit(second);
        planner.plan(0, routing, plan);
        assertThat(plan.physical(0)).isEqualTo(1);
        assertThat(plan.placement()).isSameAs(second);
    }

    @Test
    void policiesByConfigurationName() {
        assertThat(SchedulingPolicy.fromName("aebs+")).isEqualTo(SchedulingPolicy.AEBS_PLUS);
        assertThat(SchedulingPolicy.fromName(" Round-Robin ")).isEqualTo(SchedulingPolicy.ROUND_ROBIN);
        for (SchedulingPolicy policy : SchedulingPolicy.values()) {
            assertThat(SchedulingPolicy.fromName(policy.configName()).create().policy()).isEqualTo(policy);
        }
        assertThatThrownBy(() -> SchedulingPolicy.fromName("eplb"))
                .hasMessage("unknown scheduling policy 'eplb'; known: static, random, round-robin, aebs, aebs-rep, aebs+");
    }
}
