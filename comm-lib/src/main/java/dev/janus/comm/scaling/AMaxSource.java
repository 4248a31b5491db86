package dev.janus.comm.scaling;

/**
 * a_max(n_e, B) (DESIGN.md §1.5; Janus, arXiv 2512.13525, §4): the expected number of distinct activated experts on
 * the busiest of n_e MoE instances for a batch of B tokens, with the rows it serves. From routing
 * replayed through the real scheduler ({@link ReplayedAMax}) or from the analytic bound
 * ({@link AnalyticAMax}). Must be non-decreasing in B (the planner's properties rely on it) and
 * fast: the planner calls it for every shape it tries.
 */
@FunctionalInterface
public interface AMaxSource {

    /**
     * @param instances      n_e MoE instances
     * @param redundantSlots R replicas per layer beyond one per logical expert
     * @param batchTokens    B tokens of the step (real: a micro-batch may be a fraction)
     */
    MoeActivity activity(int instances, int redundantSlots, double batchTokens);
}
