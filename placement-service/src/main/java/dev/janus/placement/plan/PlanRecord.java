package dev.janus.placement.plan;

import dev.janus.comm.placement.policy.Placement;
import java.time.Instant;
import java.util.List;

/**
 * A stored plan.
 *
 * @param id             "plan_" + 12 hex digits
 * @param layers         the layers re-planned, or null for all
 * @param basedOnVersion the epoch current when it was planned (its "before")
 * @param appliedVersion the epoch version it became, or null while not applied
 */
public record PlanRecord(String id, Instant createdAt, String policy, int redundantSlots, List<Integer> layers,
                         long basedOnVersion, Placement placement, PredictedEffect effect, Long appliedVersion) {

    PlanRecord applied(long version) {
        return new PlanRecord(id, createdAt, policy, redundantSlots, layers, basedOnVersion, placement, effect, version);
    }
}
