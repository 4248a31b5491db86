package dev.janus.placement.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A plan as the admin API shows it; {@code placement} (PlacementJson, version 0: a plan has no
 * version until applied) only for a single plan, not in the list.
 */
public record PlanView(String id, Instant createdAt, String policy, int redundantSlots, List<Integer> layers,
                       long basedOnVersion, Long appliedVersion, PredictedEffect effect,
                       @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode placement) {

    /** The list form. */
    public record Summary(String id, Instant createdAt, String policy, int redundantSlots, List<Integer> layers,
                          long basedOnVersion, Long appliedVersion, double gain) {}
}
