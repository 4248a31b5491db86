package dev.janus.model.config;

import java.util.Set;

/**
 * The parts of an HF MoE config.json the engine needs, normalised across families.
 * Parse with {@link ConfigParser}; every field is validated there.
 *
 * @param family                  architecture family
 * @param vocabSize               rows of embed_tokens / lm_head
 * @param hiddenSize              residual width H
 * @param numLayers               decoder layers
 * @param numHeads                query heads
 * @param numKvHeads              key/value heads (GQA: numHeads % numKvHeads == 0; MLA: numHeads)
 * @param headDim                 per-head width (explicit head_dim or H / numHeads; MLA: qk_nope + qk_rope)
 * @param intermediateSize        width of dense MLP layers (mlp_only_layers), 0 when none can occur
 * @param numExperts              routed experts per MoE layer
 * @param numExpertsPerToken      top-k
 * @param moeIntermediateSize     width of each routed expert
 * @param sharedExpertIntermediateSize width of the shared expert (Qwen2-MoE; DeepSeek n_shared_experts ×
 *                                moe_intermediate_size), 0 when none
 * @param normTopkProb            renormalise the top-k probabilities to sum to 1
 * @param sparseLayers            which layers are MoE (others are dense MLPs)
 * @param rmsNormEps              RMSNorm epsilon
 * @param ropeTheta               RoPE base
 * @param ropeScaling             rope_scaling, {@link RopeScaling#NONE} when absent
 * @param maxPositionEmbeddings   context length the model was trained for
 * @param tieWordEmbeddings       lm_head shares embed_tokens
 * @param qkvBias                 q/k/v projections carry a bias
 * @param outputBias              o_proj carries a bias
 * @param qkNorm                  q/k RMSNorm placement
 * @param clipQkv                 OLMoE clip_qkv (clamp q, k, v to [-c, c]); NaN when off
 * @param slidingWindow           sliding-window size per layer, 0 when the layer attends to everything
 * @param bosTokenId              bos_token_id, -1 when null
 * @param eosTokenIds             eos_token_id (int or list)
 * @param mla                     Multi-head Latent Attention shapes (DeepSeek), null for GQA attention
 * @param routing                 routing rule beyond top-k ({@link RoutingConfig#SOFTMAX_TOP_K} except DeepSeek)
 * @param quantization            quantized linear weights (quantization_config: block-wise FP8 or int8
 *                                per channel), null when the weights are as stored
 */
public record ModelConfig(
        ModelFamily family,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int numExperts,
        int numExpertsPerToken,
        int moeIntermediateSize,
        int sharedExpertIntermediateSize,
        boolean normTopkProb,
        Set<Integer> sparseLayers,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        QkNorm qkNorm,
        float clipQkv,
        int[] slidingWindow,
        int bosTokenId,
        int[] eosTokenIds,
        MlaConfig mla,
        RoutingConfig routing,
        WeightQuantization quantization) {

    public boolean isSparse(int layer) {
        return sparseLayers.contains(layer);
    }

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    public boolean hasSharedExpert() {
        return sharedExpertIntermediateSize > 0;
    }

    public boolean isMla() {
        return mla != null;
    }

    /** The block-wise FP8 quantization, or null when the weights are not FP8. */
    public Fp8Quantization fp8() {
        return quantization instanceof Fp8Quantization f ? f : null;
    }

    /**
     * Floats per token and layer in one KV-cache row: {@code kvDim} (a K row, with a V row beside
     * it) for GQA; for MLA the latent {@code [c_kv (kv_lora_rank), k_pe (qk_rope_head_dim)]}, the
     * only row (values are decompressed from c_kv).
     */
    public int kvCacheRowWidth() {
        return mla != null ? mla.latentRowWidth() : kvDim();
    }

    /** float32 bytes one token occupies in the KV cache over all layers, as this engine stores it. */
    public long kvCacheBytesPerToken() {
        return (kvCacheHasValues() ? 2L : 1L) * numLayers * kvCacheRowWidth() * Float.BYTES;
    }

    /**
     * float32 bytes per token over all layers if K and V were cached per kv head: for MLA
     * {@code heads × (qk_nope + qk_rope + v)} per layer, what a non-absorbing MLA cache would hold.
     */
    public long expandedKvBytesPerToken() {
        return mla != null ? (long) numLayers * mla.expandedRowWidth(numHeads) * Float.BYTES : kvCacheBytesPerToken();
    }

    /** Whether the KV cache keeps a value row beside each key row (false for MLA's latent rows). */
    public boolean kvCacheHasValues() {
        return mla == null;
    }
}
