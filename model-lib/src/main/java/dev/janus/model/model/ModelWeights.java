package dev.janus.model.model;

import dev.janus.model.tensor.WeightTensor;

/**
 * All weights of a model, as views into memory-mapped safetensors.
 *
 * @param embed     embed_tokens [vocab, hidden]
 * @param layers    decoder layers
 * @param finalNorm model.norm [hidden]
 * @param lmHead    lm_head [vocab, hidden] (the embedding when tied)
 */
public record ModelWeights(WeightTensor embed, LayerWeights[] layers, float[] finalNorm, WeightTensor lmHead) {
}
