package dev.janus.model.model;

import dev.janus.model.tensor.WeightTensor;

/**
 * Self-attention weights of one layer. Optional parts are null.
 *
 * @param q     [heads*head_dim, hidden]
 * @param k     [kv_heads*head_dim, hidden]
 * @param v     [kv_heads*head_dim, hidden]
 * @param o     [hidden, heads*head_dim]
 * @param qBias [heads*head_dim] or null
 * @param kBias [kv_heads*head_dim] or null
 * @param vBias [kv_heads*head_dim] or null
 * @param oBias [hidden] or null
 * @param qNorm [head_dim] (per-head) or [heads*head_dim] (whole projection) or null
 * @param kNorm [head_dim] or [kv_heads*head_dim] or null
 */
public record AttentionWeights(WeightTensor q, WeightTensor k, WeightTensor v, WeightTensor o,
                               float[] qBias, float[] kBias, float[] vBias, float[] oBias,
                               float[] qNorm, float[] kNorm) {

    public long byteSize() {
        return q.byteSize() + k.byteSize() + v.byteSize() + o.byteSize();
    }
}
