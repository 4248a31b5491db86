package dev.janus.model.model;

/**
 * One decoder layer: exactly one of {@code attention} and {@code mla} is set, and exactly one of
 * {@code moe} and {@code denseMlp}.
 *
 * @param inputNorm     input_layernorm [hidden]
 * @param attention     GQA self-attention, or null
 * @param mla           Multi-head Latent Attention (DeepSeek), or null
 * @param postNorm      post_attention_layernorm [hidden]
 * @param moe           sparse MoE block or null
 * @param denseMlp      dense MLP (Qwen mlp_only_layers, DeepSeek first_k_dense_replace) or null
 */
public record LayerWeights(float[] inputNorm, AttentionWeights attention, MlaWeights mla, float[] postNorm,
                           MoeWeights moe, MlpWeights denseMlp) {
}
