package dev.janus.model.config;

/**
 * Multi-head Latent Attention shapes (DeepSeek-V2/V3, HF {@code DeepseekV2Attention} /
 * {@code DeepseekV3Attention}). Per head the query/key is {@code [qk_nope, qk_rope]}, the value
 * {@code v_head_dim} wide; keys and values are decompressed from a per-token latent of
 * {@code kv_lora_rank} plus one rotary key {@code k_pe} shared by all heads.
 *
 * @param qLoraRank     q_lora_rank; 0 when the query is a plain q_proj (DeepSeek-V2-Lite)
 * @param kvLoraRank    kv_lora_rank (width of the latent c_kv)
 * @param qkNopeHeadDim per-head query/key dims without RoPE
 * @param qkRopeHeadDim per-head query dims (and shared key dims) with RoPE; HF's head_dim
 * @param vHeadDim      per-head value dims
 * @param ropeLayout    pairing of the rotated dims
 * @param softmaxScale  {@code (qk_nope + qk_rope)^-0.5}, times {@code mscale(factor, mscale_all_dim)²}
 *                      when rope_scaling sets mscale_all_dim
 */
public record MlaConfig(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim,
                        RopeLayout ropeLayout, double softmaxScale) {

    /** Query/key width per head. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Floats one token occupies in one layer's latent KV cache: {@code c_kv} then {@code k_pe}. */
    public int latentRowWidth() {
        return kvLoraRank + qkRopeHeadDim;
    }

    /** Floats one token would occupy per layer with keys and values expanded per head. */
    public int expandedRowWidth(int heads) {
        return heads * (qkHeadDim() + vHeadDim);
    }
}
