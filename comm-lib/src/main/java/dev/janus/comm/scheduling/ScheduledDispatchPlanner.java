package dev.janus.comm.scheduling;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Lets the engine ({@code MoeLayer}) use an activation scheduler as its {@link DispatchPlanner}.
 * The supplier is read once per {@link #plan} call; to keep all layers of one step on one epoch,
 * supply the epoch pinned for the current step (e.g. read an {@code AtomicReference} at step
 * start), not a reference that may switch mid-step.
 */
public final class ScheduledDispatchPlanner implements DispatchPlanner {

    private final ActivationScheduler scheduler;
    private final Supplier<PlacementEpoch> epoch;

    public ScheduledDispatchPlanner(ActivationScheduler scheduler, Supplier<PlacementEpoch> epoch) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    @Override
    public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
        scheduler.schedule(routing, epoch.get(), layer, out);
    }

    public ActivationScheduler scheduler() {
        return scheduler;
    }
}
