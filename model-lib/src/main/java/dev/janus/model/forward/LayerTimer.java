package dev.janus.model.forward;

/**
 * Sees how long each layer's attention part takes (input norm, attention over the paged KV
 * cache, residual add, post-attention norm), per micro-batch: the attention side's per-layer
 * time, next to the expert side's compute time, for the latency model's T_attn(b, ctx)
 * (Janus paper §4). Called on the engine thread; must not block.
 */
@FunctionalInterface
public interface LayerTimer {

    /**
     * @param layer   decoder layer
     * @param tokens  tokens of the (micro-)batch in this step
     * @param nanos   wall time of the layer's attention part
     */
    void attentionLayer(int layer, int tokens, long nanos);

    /** Times nothing (no clock reads). */
    LayerTimer NONE = (layer, tokens, nanos) -> { };
}
