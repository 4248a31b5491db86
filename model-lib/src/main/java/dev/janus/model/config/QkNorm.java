package dev.janus.model.config;

/** Where q/k RMSNorm sits, which differs between families. */
public enum QkNorm {
    /** No q/k norm (Mixtral, Qwen2-MoE). */
    NONE,
    /** Qwen3-MoE: one weight of length head_dim, applied to each head separately. */
    PER_HEAD,
    /** OLMoE: one RMSNorm over the whole projection (all heads together) before the head split. */
    WHOLE_PROJECTION
}
