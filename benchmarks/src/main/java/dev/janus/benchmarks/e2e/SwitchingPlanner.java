package dev.janus.benchmarks.e2e;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;

/**
 * The engine's dispatch planner, switchable between scheduling policies between steps (so both
 * policies decode the same sequences, ABBA), measuring each plan with {@link PlanMetrics} into
 * the current {@link PolicyTally} (none while warming up). One epoch for the whole run.
 */
final class SwitchingPlanner implements DispatchPlanner {

    private final CurrentPlacement placement;
    private final ScheduledDispatchPlanner[] planners;
    private final PlanMetrics metrics = new PlanMetrics();
    private int current;
    private PolicyTally tally;

    SwitchingPlanner(CurrentPlacement placement, SchedulingPolicy... policies) {
        this.placement = placement;
        this.planners = new ScheduledDispatchPlanner[policies.length];
        for (int i = 0; i < policies.length; i++) {
            planners[i] = new ScheduledDispatchPlanner(policies[i].create(), placement);
        }
    }

    /** Plans the next steps with policy {@code index}, recording into {@code tally} (or nothing when null). */
    void select(int index, PolicyTally tally) {
        this.current = index;
        this.tally = tally;
    }

    /** Where the current steps are recorded, or null. */
    PolicyTally tally() {
        return tally;
    }

    @Override
    public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
        planners[current].plan(layer, routing, out);
        if (tally != null) {
            metrics.measure(out, (PlacementEpoch) out.placement());
            int activated = 0;
            for (int i = 0; i < metrics.instances(); i++) {
                activated += metrics.activated(i);
            }
            tally.addPlan(metrics.aMax(), activated, metrics.maxRows());
        }
    }
}
