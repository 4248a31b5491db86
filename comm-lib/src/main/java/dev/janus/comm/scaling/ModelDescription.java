package dev.janus.comm.scaling;

/**
 * What the latency model and the planner need to know about an MoE model: shapes, and the bytes
 * and flops they imply. Data, not code: built-in descriptions are JSON resources under
 * {@code scaling/models/}, any HF {@code config.json} gives one through
 * {@link ModelDescriptions#fromHfConfig} (see there for the JSON form).
 *
 * <p>Where the weights live (DESIGN.md §1.1): routed experts on MoE instances; attention, router
 * gate, shared expert, dense layers, embeddings and lm_head on attention instances.
 *
 * @param name                         short name
 * @param source                       where the numbers come from
 * @param layers                       decoder layers
 * @param denseLayers                  layers with a dense MLP instead of MoE (DeepSeek first_k_dense_replace)
 * @param hiddenSize                   residual width H
 * @param vocabSize                    rows of embed_tokens and lm_head
 * @param tieWordEmbeddings            lm_head shares embed_tokens
 * @param experts                      routed experts E per MoE layer
 * @param topK                         routed experts per token k
 * @param expertIntermediateSize       width of a routed expert (gate/up/down: 3·H·I elements)
 * @param sharedExpertIntermediateSize total width of the shared experts, 0 = none
 * @param denseIntermediateSize        width of a dense layer's MLP, 0 = no dense layers
 * @param attention                    attention shapes
 * @param weightBytes                  bytes per weight element (2 = bf16)
 * @param kvBytes                      bytes per KV-cache element (2 = bf16)
 * @param activationBytes              bytes per hidden element on the wire (2 = bf16)
 */
public record ModelDescription(String name, String source, int layers, int denseLayers, int hiddenSize,
                               int vocabSize, boolean tieWordEmbeddings, int experts, int topK,
                               int expertIntermediateSize, int sharedExpertIntermediateSize,
                               int denseIntermediateSize, AttentionShape attention, double weightBytes,
                               double kvBytes, double activationBytes) {

    public ModelDescription {
        if (layers <= 0 || denseLayers < 0 || denseLayers >= layers || hiddenSize <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("model '" + name + "' needs layers > dense_layers >= 0, hidden_size"
                    + " and vocab_size > 0");
        }
        if (experts <= 0 || topK <= 0 || topK > experts || expertIntermediateSize <= 0
                || sharedExpertIntermediateSize < 0 || denseIntermediateSize < 0) {
            throw new IllegalArgumentException("model '" + name + "' needs 0 < top_k <= experts, an expert width > 0"
                    + " and non-negative shared/dense widths");
        }
        if (denseLayers > 0 && denseIntermediateSize == 0) {
            throw new IllegalArgumentException("model '" + name + "' has dense layers but dense_intermediate_size 0");
        }
        if (attention == null || !(weightBytes > 0) || !(kvBytes > 0) || !(activationBytes > 0)) {
            throw new IllegalArgumentException("model '" + name + "' needs attention shapes and positive byte sizes");
        }
    }

    /** L: MoE layers, the ones that cross to the MoE instances. */
    public int moeLayers() {
        return layers - denseLayers;
    }

    /** Elements of one routed expert: gate, up and down projections. */
    public long expertParams() {
        return 3L * hiddenSize * expertIntermediateSize;
    }

    /** Bytes an MoE instance reads per activated expert per layer step. */
    public double expertBytes() {
        return expertParams() * weightBytes;
    }

    /** Elements an attention instance reads per MoE layer: attention, router gate, shared expert. */
    public long attentionParamsPerMoeLayer() {
        return attention.params(hiddenSize) + (long) hiddenSize * experts + 3L * hiddenSize * sharedExpertIntermediateSize;
    }

    /** Elements an attention instance reads per dense layer: attention and the dense MLP. */
    public long paramsPerDenseLayer() {
        return attention.params(hiddenSize) + 3L * hiddenSize * denseIntermediateSize;
    }

    /** Elements of lm_head, read once per step. */
    public long headParams() {
        return (long) vocabSize * hiddenSize;
    }

    /** Weight bytes every attention instance holds (everything but the routed experts). */
    public double attentionWeightBytes() {
        long embeddings = (tieWordEmbeddings ? 1L : 2L) * headParams();
        return (moeLayers() * attentionParamsPerMoeLayer() + denseLayers * paramsPerDenseLayer() + embeddings)
                * weightBytes;
    }

    /** Bytes of all routed experts of all MoE layers, one copy each. */
    public double routedExpertBytes() {
        return (double) moeLayers() * experts * expertBytes();
    }

    /** All parameters, for checking a description against the model card. */
    public double totalParams() {
        return attentionWeightBytes() / weightBytes + (double) moeLayers() * experts * expertParams();
    }

    /** KV-cache bytes one token occupies in one layer. */
    public double kvBytesPerTokenPerLayer() {
        return attention.kvElementsPerToken() * kvBytes;
    }

    /** KV-cache bytes one token occupies over all layers. */
    public double kvBytesPerToken() {
        return layers * kvBytesPerTokenPerLayer();
    }
}
