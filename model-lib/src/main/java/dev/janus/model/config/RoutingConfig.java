package dev.janus.model.config;

/**
 * The routing rule of an MoE layer beyond top-k and norm_topk_prob.
 *
 * @param scoring             scores from router logits
 * @param groups              n_group: experts form this many groups of consecutive ids (1 = no grouping)
 * @param topkGroups          topk_group: tokens choose experts only inside this many best groups
 * @param routedScalingFactor routed_scaling_factor: multiplies every routing weight (DeepSeek), 1 otherwise
 * @param scoreCorrectionBias the gate carries {@code e_score_correction_bias}, added to the scores for
 *                            the choice only (DeepSeek-V3 noaux_tc)
 */
public record RoutingConfig(ScoringFunction scoring, int groups, int topkGroups, double routedScalingFactor,
                            boolean scoreCorrectionBias) {

    /** Softmax, top-k over all experts, weights unscaled (Mixtral, Qwen2/3-MoE, OLMoE). */
    public static final RoutingConfig SOFTMAX_TOP_K = new RoutingConfig(ScoringFunction.SOFTMAX, 1, 1, 1.0, false);

    /** Whether this is the plain softmax top-k rule. */
    public boolean isPlainSoftmaxTopK() {
        return equals(SOFTMAX_TOP_K);
    }
}
