package dev.janus.model.model;

/**
 * One decoder layer: exactly one of {@code moe} and {@code denseMlp} is set.
 *
 * @param inputNorm     input_layernorm [hidden]
 * @param attention     self-attention
 * @param postNorm      post_attention_layernorm [hidden]
 * @param moe           sparse MoE block or null
 * @param denseMlp      dense MLP (Qwen mlp_only_layers) or null
 */
public record LayerWeights(float[] inputNorm, AttentionWeights attention, float[] postNorm,
                           MoeWeights moe, MlpWeights denseMlp) {
}
