package dev.janus.model.forward;

import dev.janus.model.kernels.ComputePool;

/**
 * Causal attention of a step's query rows over the paged KV cache, the part of an
 * {@link AttentionBlock} between the projections: for every (token, query head), softmax of
 * {@code q.k * scale} over the token's sequence positions up to its own (optionally the last
 * {@code window}) times the values. The step's own key/value rows are in the cache before the
 * call. {@link CausalAttention} is the CPU implementation and the reference; an accelerator's
 * (moe.backend=cuda) mirrors the cache on its device. One step at a time.
 */
public interface AttentionKernel {

    /**
     * @param q   {@code [tokens, heads * keyDim]}
     * @param out receives {@code [tokens, heads * valueDim]}
     */
    void attend(StepBatch batch, int layer, int window, float[] q, float[] out);

    /**
     * What an attention block asks for. GQA: {@code kvHeads} cached heads of {@code head_dim} keys
     * and values. Absorbed MLA: one cached "head", the latent row {@code [c_kv, k_pe]} as the key
     * ({@code keyDim = kv_lora_rank + qk_rope_head_dim}) and its c_kv part as the value
     * ({@code valueDim = kv_lora_rank}, read from the same row).
     */
    record Shape(int heads, int kvHeads, int keyDim, int valueDim, float scale) {

        public Shape {
            if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0 || keyDim <= 0 || valueDim <= 0) {
                throw new IllegalArgumentException("attention shape: " + heads + " heads over " + kvHeads
                        + " kv heads, key " + keyDim + ", value " + valueDim);
            }
        }
    }

    /** Makes an attention block's kernel; the engine's backend decides where it runs. */
    @FunctionalInterface
    interface Factory {

        AttentionKernel create(Shape shape, ComputePool pool);
    }

    /** The CPU kernel ({@link CausalAttention}) on the engine's compute pool. */
    static Factory cpu() {
        return CausalAttention::new;
    }
}
