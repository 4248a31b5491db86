package dev.janus.placement.plan;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /admin/placement/plans}.
 *
 * @param policy         janus (default), eplb or round-robin
 * @param redundantSlots R redundant replicas per layer; default: the current epoch's
 * @param layers         layers to re-plan (the others keep their placement); default: all
 */
public record PlanRequest(String policy, @PositiveOrZero @Max(1 << 20) Integer redundantSlots,
                          @Size(max = 4096) List<Integer> layers) {}
