package dev.janus.model.generate;

/**
 * The DeepSeek-specific sizes of a generated model (Multi-head Latent Attention, dense first
 * layers, grouped routing, shared experts, yarn RoPE as the real V2/V3 configs carry it).
 *
 * @param qLoraRank        q_lora_rank
 * @param kvLoraRank       kv_lora_rank
 * @param qkNopeHeadDim    qk_nope_head_dim
 * @param qkRopeHeadDim    qk_rope_head_dim
 * @param vHeadDim         v_head_dim
 * @param denseLayers      first_k_dense_replace
 * @param denseWidth       intermediate_size of the dense layers
 * @param groups           n_group
 * @param topkGroups       topk_group
 * @param sharedExperts    n_shared_experts
 * @param yarnOriginalMaxPositions original_max_position_embeddings; max_position_embeddings = 40 × it
 */
public record MlaDimensions(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim,
                            int denseLayers, int denseWidth, int groups, int topkGroups, int sharedExperts,
                            int yarnOriginalMaxPositions) {

    /** rope_scaling.factor, as DeepSeek-V2 and V3 ship it. */
    public static final int YARN_FACTOR = 40;

    public MlaDimensions {
        if (qLoraRank <= 0 || kvLoraRank <= 0 || qkNopeHeadDim <= 0 || qkRopeHeadDim <= 0 || qkRopeHeadDim % 2 != 0
                || vHeadDim <= 0 || denseLayers < 0 || groups <= 0 || topkGroups <= 0 || topkGroups > groups
                || sharedExperts < 0 || yarnOriginalMaxPositions <= 0) {
            throw new IllegalArgumentException("invalid MLA dimensions: " + this);
        }
    }
}
