package dev.janus.model.config;

/** How router logits become expert scores. */
public enum ScoringFunction {
    /** softmax over all routed experts, in float32 (Mixtral, Qwen, OLMoE, DeepSeek-V2). */
    SOFTMAX,
    /** element-wise sigmoid (DeepSeek-V3 noaux_tc). */
    SIGMOID
}
