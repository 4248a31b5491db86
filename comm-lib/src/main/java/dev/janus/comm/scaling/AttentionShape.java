package dev.janus.comm.scaling;

/**
 * The attention of one decoder layer, as the latency model needs it: weights read per step,
 * KV-cache elements per token, and flops per (query token, context token).
 *
 * <p>GQA (Mixtral, Qwen3-MoE): q/k/v/o projections, K and V rows of {@code kvHeads × headDim}
 * per token. MLA (DeepSeek-V2/V3, HF {@code DeepseekV2Attention}): the query through
 * {@code q_lora_rank} (or a plain q_proj when 0), the latent {@code kv_lora_rank + qk_rope} as the
 * only cached row, and decode with weight absorption (DeepSeek-V2 paper §2.1.2), so attention
 * runs over the latent: {@code 2·heads·(kv_lora + rope)} flops per context token for the
 * scores and {@code 2·heads·kv_lora} for the values. Norms and biases are left out (&lt; 0.1 %).
 *
 * @param kind          {@code gqa} or {@code mla}
 * @param heads         query heads
 * @param kvHeads       key/value heads (MLA: = heads, unused)
 * @param headDim       query/key width per head (MLA: qk_nope + qk_rope)
 * @param qLoraRank     MLA q_lora_rank, 0 = plain q_proj (and for GQA)
 * @param kvLoraRank    MLA kv_lora_rank, 0 for GQA
 * @param qkRopeHeadDim MLA qk_rope_head_dim, 0 for GQA
 * @param vHeadDim      MLA v_head_dim, 0 for GQA
 */
public record AttentionShape(String kind, int heads, int kvHeads, int headDim, int qLoraRank, int kvLoraRank,
                             int qkRopeHeadDim, int vHeadDim) {

    public AttentionShape {
        if (!"gqa".equals(kind) && !"mla".equals(kind)) {
            throw new IllegalArgumentException("attention kind must be 'gqa' or 'mla', got '" + kind + "'");
        }
        if (heads <= 0 || kvHeads <= 0 || headDim <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("attention needs heads, kv_heads, head_dim > 0 and kv_heads dividing"
                    + " heads, got " + heads + ", " + kvHeads + ", " + headDim);
        }
        if ("mla".equals(kind) && (kvLoraRank <= 0 || qkRopeHeadDim <= 0 || qkRopeHeadDim >= headDim
                || vHeadDim <= 0 || qLoraRank < 0)) {
            throw new IllegalArgumentException("mla attention needs kv_lora_rank, v_head_dim > 0 and"
                    + " 0 < qk_rope_head_dim < head_dim, got " + this);
        }
    }

    public static AttentionShape gqa(int heads, int kvHeads, int headDim) {
        return new AttentionShape("gqa", heads, kvHeads, headDim, 0, 0, 0, 0);
    }

    public static AttentionShape mla(int heads, int qkHeadDim, int qLoraRank, int kvLoraRank, int ropeDim, int vHeadDim) {
        return new AttentionShape("mla", heads, heads, qkHeadDim, qLoraRank, kvLoraRank, ropeDim, vHeadDim);
    }

    public boolean usesMla() {
        return "mla".equals(kind);
    }

    /** Projection weights of one layer (elements) for residual width {@code hidden}. */
    public long params(int hidden) {
        long h = hidden;
        if (!usesMla()) {
            return h * heads * headDim * 2 + 2 * h * kvHeads * headDim; // q, o; k, v
        }
        long q = qLoraRank > 0 ? h * qLoraRank + (long) qLoraRank * heads * headDim : h * heads * headDim;
        long kvA = h * (kvLoraRank + qkRopeHeadDim);
        long kvB = (long) kvLoraRank * heads * (headDim - qkRopeHeadDim + vHeadDim);
        return q + kvA + kvB + (long) heads * vHeadDim * h;
    }

    /** KV-cache elements one token occupies in one layer: K and V rows (GQA) or the latent row (MLA). */
    public long kvElementsPerToken() {
        return usesMla() ? kvLoraRank + qkRopeHeadDim : 2L * kvHeads * headDim;
    }

    /** Flops of one query token against one context token: scores and weighted values. */
    public long flopsPerContextToken() {
        return usesMla() ? 2L * heads * (kvLoraRank + qkRopeHeadDim) + 2L * heads * kvLoraRank
                : 4L * heads * headDim;
    }
}
