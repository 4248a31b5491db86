package dev.janus.comm.scaling;

import dev.janus.comm.placement.policy.Placement;

/**
 * The planner's answer: this system's sizing, the placement to use with it, and the two baselines
 * sized for the same load ({@link PlanJson} writes it).
 *
 * @param sizing               Janus: disaggregated, adaptive communication, replicated experts
 * @param placement            summary of the placement for n_e, or null (infeasible, or sized only)
 * @param placementDetail      the placement itself, or null
 * @param monolithic           SGLang-like: attention and experts on the same GPUs, expert parallel
 * @param staticDisaggregation MegaScale-Infer-like: disaggregated at a fixed ratio, no replicas
 */
public record Plan(Sizing sizing, PlacementSummary placement, Placement placementDetail, Sizing monolithic,
                   Sizing staticDisaggregation) {

    /** Janus's tokens/s per GPU over a baseline's, or NaN when either is infeasible. */
    public static double gain(Sizing janus, Sizing baseline) {
        return janus.feasible() && baseline.feasible()
                ? janus.tokensPerSecondPerGpu() / baseline.tokensPerSecondPerGpu() : Double.NaN;
    }
}
