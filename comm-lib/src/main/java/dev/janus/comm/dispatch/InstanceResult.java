package dev.janus.comm.dispatch;

/**
 * The answer to an {@link InstanceBatch} (the wire's {@code ExpertResultBatch}): one UNWEIGHTED
 * output row per slot with a physical expert on the instance, in token-major slot order. Router
 * weights are applied on the attention side by the combiner only.
 *
 * @param stepId  step id of the batch
 * @param layer   decoder layer
 * @param rows    output rows
 * @param outputs [rows, hiddenSize]
 */
public record InstanceResult(long stepId, int layer, int rows, float[] outputs) {
}
