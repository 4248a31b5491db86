package dev.janus.comm.dispatch;

/**
 * One MoE instance's share of a layer step, the Java form of the wire's {@code ActivationBatch}
 * (DESIGN.md §5): the hidden rows of the tokens that activated at least one physical expert on
 * that instance, sent once per token however many of its experts live there, and for each
 * token its k slots' physical experts, {@code -1} where a slot's expert is on another instance.
 * The instance answers one output row per non-negative slot, token-major ({@link InstanceResult}).
 *
 * @param stepId          step id (results are matched by it)
 * @param layer           decoder layer
 * @param epoch           PlacementEpoch version the physical ids come from
 * @param tokenIndex      [tokens] row of each token in the sender's batch
 * @param hidden          [tokens, hiddenSize] normalised activations
 * @param hiddenSize      width of a row
 * @param topK            slots per token
 * @param physicalExperts [tokens, topK] physical expert of each slot, or -1
 */
public record InstanceBatch(long stepId, int layer, long epoch, int[] tokenIndex, float[] hidden,
                            int hiddenSize, int topK, int[] physicalExperts) {

    public InstanceBatch {
        if (hidden.length < tokenIndex.length * hiddenSize || physicalExperts.length < tokenIndex.length * topK) {
            throw new IllegalArgumentException("batch arrays shorter than " + tokenIndex.length + " tokens");
        }
    }

    public int tokens() {
        return tokenIndex.length;
    }

    /** Output rows the instance must return: the slots with a physical expert here. */
    public int rows() {
        int rows = 0;
        for (int i = 0; i < tokenIndex.length * topK; i++) {
            if (physicalExperts[i] >= 0) {
                rows++;
            }
        }
        return rows;
    }
}
