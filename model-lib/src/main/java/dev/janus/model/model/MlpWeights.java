package dev.janus.model.model;

import dev.janus.model.tensor.WeightTensor;

/**
 * A SwiGLU MLP {@code down(silu(gate x) ⊙ up x)}: a routed expert, a shared expert or a dense
 * layer's MLP (Mixtral names them w1 = gate, w3 = up, w2 = down).
 *
 * @param gate [intermediate, hidden]
 * @param up   [intermediate, hidden]
 * @param down [hidden, intermediate]
 */
public record MlpWeights(WeightTensor gate, WeightTensor up, WeightTensor down) {

    public int intermediateSize() {
        return gate.rows();
    }

    public long byteSize() {
        return gate.byteSize() + up.byteSize() + down.byteSize();
    }
}
