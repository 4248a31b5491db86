package dev.janus.model.model;

import dev.janus.model.tensor.WeightTensor;

/**
 * The sparse MoE block of one layer.
 *
 * @param router       gate [experts, hidden]
 * @param experts      routed experts by logical id; an entry is null when this process does not
 *                     host that expert (expert-service loads only its placement's share)
 * @param shared       shared expert (Qwen2-MoE shared_expert, DeepSeek shared_experts) or null
 * @param sharedGate   Qwen2-MoE shared_expert_gate [1, hidden] or null (DeepSeek adds its shared
 *                     experts ungated)
 * @param scoreCorrectionBias DeepSeek-V3 gate.e_score_correction_bias [experts] or null
 */
public record MoeWeights(WeightTensor router, MlpWeights[] experts, MlpWeights shared, WeightTensor sharedGate,
                         float[] scoreCorrectionBias) {
}
