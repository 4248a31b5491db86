package dev.janus.comm.placement.policy;

import java.time.Duration;

/**
 * Settings of the {@code janus} policy and its a_max predictor.
 *
 * @param batchTokens        B: tokens per batch the predictor assumes (a decode step's batch)
 * @param topK               k: experts per token; 0 = infer it from the statistics
 *                           (pairs / counts = (k - 1) / 2), else {@link ActivationPredictor#DEFAULT_TOP_K}
 * @param maxSwapEvaluations swap candidates evaluated per layer at most: the budget that makes the
 *                           search end, deterministically. 200 000 lets a DeepSeek-V3-sized layer
 *                           (256 experts, 64 instances, C = 5) converge: its predicted a_max is
 *                           within 0.02 % of an unbounded search (docs/benchmarks.md)
 * @param timeBudget         wall-clock cap for a whole plan, a safety net only (a time-dependent
 *                           result is not reproducible): 5 s, several times what a cold JVM needs
 *                           for a DeepSeek-V3-sized plan on 2 busy cores (0.75 s); layers reached
 *                           after it keep their eplb placement
 * @param expertGroups       G for the starting {@code eplb} placement, 0 = one group per node
 */
public record JanusOptions(int batchTokens, int topK, long maxSwapEvaluations, Duration timeBudget,
                           int expertGroups) {

    public static final JanusOptions DEFAULTS = new JanusOptions(64, 0, 200_000, Duration.ofSeconds(5), 0);

    public JanusOptions {
        if (batchTokens <= 0 || topK < 0 || maxSwapEvaluations < 0 || expertGroups < 0) {
            throw new IllegalArgumentException("janus options need batchTokens > 0 and topK, maxSwapEvaluations,"
                    + " expertGroups >= 0, got " + batchTokens + ", " + topK + ", " + maxSwapEvaluations + ", "
                    + expertGroups);
        }
        if (timeBudget == null || timeBudget.isNegative()) {
            throw new IllegalArgumentException("janus time budget must be >= 0, got " + timeBudget);
        }
    }

    public JanusOptions withBatchTokens(int tokens) {
        return new JanusOptions(tokens, topK, maxSwapEvaluations, timeBudget, expertGroups);
    }

    public JanusOptions withTopK(int k) {
        return new JanusOptions(batchTokens, k, maxSwapEvaluations, timeBudget, expertGroups);
    }

    public JanusOptions withMaxSwapEvaluations(long evaluations) {
        return new JanusOptions(batchTokens, topK, evaluations, timeBudget, expertGroups);
    }

    public JanusOptions withTimeBudget(Duration budget) {
        return new JanusOptions(batchTokens, topK, maxSwapEvaluations, budget, expertGroups);
    }

    public JanusOptions withExpertGroups(int groups) {
        return new JanusOptions(batchTokens, topK, maxSwapEvaluations, timeBudget, groups);
    }
}
