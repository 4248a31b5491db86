package dev.janus.model.forward;

import dev.janus.model.config.ModelConfig;

/** Activation buffers of a forward step, grown to the largest step seen and then reused. */
final class StepScratch {

    private final ModelConfig cfg;
    private int capacity;
    float[] h;    // [tokens, hidden] residual stream
    float[] x;    // [tokens, hidden] normalised input of a sub-block / sub-block output
    float[] q;    // [tokens, heads*head_dim]
    float[] k;    // [tokens, kv_heads*head_dim]
    float[] v;    // [tokens, kv_heads*head_dim]
    float[] attn; // [tokens, heads*head_dim]

    StepScratch(ModelConfig cfg) {
        this.cfg = cfg;
        ensure(1);
    }

    void ensure(int tokens) {
        if (tokens <= capacity) {
            return;
        }
        int cap = Math.max(tokens, capacity * 2);
        h = new float[cap * cfg.hiddenSize()];
        x = new float[cap * cfg.hiddenSize()];
        q = new float[cap * cfg.qDim()];
        k = new float[cap * cfg.kvDim()];
        v = new float[cap * cfg.kvDim()];
        attn = new float[cap * cfg.qDim()];
        capacity = cap;
    }
}
