package dev.janus.comm.scaling;

/**
 * One policy's answer for a load: the shape, the steady batch and its TPOT, or why none exists.
 * Monolithic sizings have n_a = n_e = gpus (every GPU runs both).
 *
 * @param batch                 B*: decode requests in flight (Little's law)
 * @param tokensPerSecondPerGpu decode tokens per second (= λ in steady state) per GPU
 * @param microBatches          ping-pong micro-batches the predicted TPOT uses (1 = no overlap)
 * @param redundantSlots        R replicas per layer beyond one per expert
 * @param failedConstraint      null when feasible
 * @param reason                null when feasible
 */
public record Sizing(boolean feasible, int attentionInstances, int moeInstances, int gpus, double batch,
                     double predictedTpotMs, double tokensPerSecondPerGpu, int microBatches, int redundantSlots,
                     FailedConstraint failedConstraint, String reason) {

    public static Sizing of(Deployment d, double batch, double tpotNanos, double decodeTokensPerSecond, int microBatches) {
        return new Sizing(true, d.attentionInstances(), d.moeInstances(), d.gpus(), batch, tpotNanos / 1e6,
                decodeTokensPerSecond / d.gpus(), microBatches, d.redundantSlots(), null, null);
    }

    public static Sizing infeasible(FailedConstraint constraint, String reason) {
        return new Sizing(false, 0, 0, 0, 0, 0, 0, 0, 0, constraint, constraint.code() + ": " + reason);
    }
}
