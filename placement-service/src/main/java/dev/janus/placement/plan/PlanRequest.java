package dev.janus.placement.plan;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /admin/placement/plans}.
 *
 * @param policy         janus (default), eplb or round-robin
 * @param redundantSlots R redundant replicas per layer; default: the current epoch's, at most E * (N - 1)
 * @param layers         layers to re-plan (the others keep their placement); default: all
 * @param instances      N MoE instances of the new epoch; default: the current epoch's. Another N
 *                       (scaling MoE instances in or out, DESIGN.md §10) re-plans every layer; the
 *                       expert-services of ids 0..N-1 must be known to placement-service
 */
public record PlanRequest(String policy, @PositiveOrZero @Max(1 << 20) Integer redundantSlots,
                          @Size(max = 4096) List<Integer> layers, @Min(1) @Max(4096) Integer instances) {

    public PlanRequest(String policy, Integer redundantSlots, List<Integer> layers) {
        this(policy, redundantSlots, layers, null);
    }
}
