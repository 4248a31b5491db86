package dev.janus.comm.scheduling;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;

/**
 * The activation scheduler (DESIGN.md §1.3): per batch and MoE layer, chooses which replica
 * (physical expert) serves each token's top-k logical experts.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Pure and deterministic: the plan depends only on (routing, epoch's placement of the
 *       layer, layer) and the scheduler's configuration, so every attention instance computes
 *       the same plan without talking to the others. No state survives between calls.</li>
 *   <li>Row {@code token * topK + slot} of {@code out} gets a physical id that hosts
 *       {@code routing.expert(token, slot)} in {@code epoch.layer(layer)}; router weights stay in
 *       the {@link RoutingDecision} (the combiner applies them).</li>
 *   <li>{@code out} is reset to {@code (tokens, topK, epoch.physicalExperts())} and every row's
 *       physical id is set before returning. Schedulers do not group the plan: it groups itself
 *       on the first group read ({@link DispatchPlan}), so consumers that read only physical
 *       ids (the split deployment) never pay for it.</li>
 *   <li>Thread-safe, and allocation-free once warm: scratch is per calling thread and reused.</li>
 * </ul>
 */
public interface ActivationScheduler {

    void schedule(RoutingDecision routing, PlacementEpoch epoch, int layer, DispatchPlan out);

    /** The policy this scheduler implements. */
    SchedulingPolicy policy();
}
