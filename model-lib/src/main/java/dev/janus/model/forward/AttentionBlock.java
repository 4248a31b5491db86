package dev.janus.model.forward;

import dev.janus.model.model.LayerWeights;

/**
 * The attention half of a decoder layer without its norm and residual: {@code out = o_proj(attn(x))}
 * for every token of a step, appending the step's rows to each sequence's KV cache. One
 * implementation per attention kind ({@link GqaAttentionBlock}, {@link MlaAttentionBlock}); each
 * owns its scratch and RoPE tables. Not thread-safe: one step at a time.
 */
interface AttentionBlock {

    /** Sizes tables and scratch for the step; called once per step before any {@link #forward}. */
    void prepare(StepBatch batch);

    /**
     * @param x   input_layernorm(h) {@code [tokens, hidden]}
     * @param out receives {@code [tokens, hidden]}; may be the same array as x (x is read first)
     */
    void forward(StepBatch batch, int layer, LayerWeights lw, float[] x, float[] out);
}
