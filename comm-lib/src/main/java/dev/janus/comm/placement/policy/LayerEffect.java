package dev.janus.comm.placement.policy;

/**
 * What a placement does to one MoE layer over replayed batches ({@link PlacementEvaluator}).
 * "Tokens" per instance are the (token, expert) rows it serves, PlanMetrics' rows.
 *
 * @param layer         MoE layer
 * @param batches       batches replayed
 * @param meanAMax      mean over batches of a_max (activated experts on the busiest instance)
 * @param p99AMax       99th percentile of a_max (nearest rank)
 * @param meanMaxTokens mean over batches of the most rows one instance serves
 * @param maxTokens     the most rows one instance served in any batch
 */
public record LayerEffect(int layer, int batches, double meanAMax, double p99AMax, double meanMaxTokens,
                          long maxTokens) {
}
