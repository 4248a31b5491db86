package dev.janus.comm.scheduling;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;
import java.util.Objects;

/**
 * Lets the engine ({@code MoeLayer}) use an activation scheduler as its {@link DispatchPlanner}.
 * Each {@link #plan} call is one layer step: it {@link CurrentPlacement#acquire acquires} the
 * current epoch once, schedules under it and stores it in the plan
 * ({@link DispatchPlan#setPlacement}), so the executor splits, fails over and labels the wire
 * with the very same epoch; the executor releases it when the step's answers are in
 * (comm-lib's RemoteExpertExecutor does).
 */
public final class ScheduledDispatchPlanner implements DispatchPlanner {

    private final ActivationScheduler scheduler;
    private final CurrentPlacement placement;

    public ScheduledDispatchPlanner(ActivationScheduler scheduler, CurrentPlacement placement) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.placement = Objects.requireNonNull(placement, "placement");
    }

    @Override
    public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
        PlacementEpoch epoch = placement.acquire();
        try {
            scheduler.schedule(routing, epoch, layer, out);
            out.setPlacement(epoch);
        } catch (RuntimeException e) {
            placement.release(epoch);
            throw e;
        }
    }

    public ActivationScheduler scheduler() {
        return scheduler;
    }

    public CurrentPlacement placement() {
        return placement;
    }
}
