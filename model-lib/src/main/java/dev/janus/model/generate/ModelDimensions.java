package dev.janus.model.generate;

/**
 * The sizes of a generated MoE model.
 *
 * @param vocabSize              rows of embed_tokens / lm_head (≥ the tokenizer's ids)
 * @param hiddenSize             residual width H
 * @param numLayers              decoder layers, all sparse
 * @param numHeads               query heads
 * @param numKvHeads             key/value heads (GQA)
 * @param numExperts             routed experts per layer
 * @param numExpertsPerToken     top-k
 * @param expertIntermediateSize width of each routed expert (Mixtral intermediate_size, Qwen moe_intermediate_size)
 * @param sharedIntermediateSize width of the Qwen2-MoE shared expert, 0 for Mixtral
 * @param maxPositionEmbeddings  context length written to config.json
 * @param mla                    DeepSeek sizes (MLA, dense first layers, groups), null for the other families
 */
public record ModelDimensions(int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
                              int numExperts, int numExpertsPerToken, int expertIntermediateSize,
                              int sharedIntermediateSize, int maxPositionEmbeddings, MlaDimensions mla) {

    /** A GQA model (Mixtral, Qwen2-MoE). */
    public ModelDimensions(int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
                           int numExperts, int numExpertsPerToken, int expertIntermediateSize,
                           int sharedIntermediateSize, int maxPositionEmbeddings) {
        this(vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, numExperts, numExpertsPerToken,
                expertIntermediateSize, sharedIntermediateSize, maxPositionEmbeddings, null);
    }

    public ModelDimensions {
        if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0
                || numExperts <= 0 || expertIntermediateSize <= 0 || sharedIntermediateSize < 0) {
            throw new IllegalArgumentException("model dimensions must be positive: " + this);
        }
        if (hiddenSize % numHeads != 0 || (hiddenSize / numHeads) % 2 != 0) {
            throw new IllegalArgumentException("hidden " + hiddenSize + " must split into " + numHeads + " heads of even width");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(numHeads + " heads do not share " + numKvHeads + " kv heads evenly");
        }
        if (numExpertsPerToken <= 0 || numExpertsPerToken > numExperts) {
            throw new IllegalArgumentException("top-k " + numExpertsPerToken + " not in [1, " + numExperts + "]");
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
