package dev.janus.comm.dispatch;

import java.util.concurrent.CompletableFuture;

/**
 * Carries one layer step's {@link InstanceBatch} to a MoE instance and its result back.
 * Implementations: {@link InProcessTransport} (same JVM, arrays passed by reference) and the gRPC
 * transport (one long-lived bidirectional stream per attention × MoE instance pair).
 */
public interface ExpertTransport extends AutoCloseable {

    /** Sends the batch to {@code instance}; the future fails with {@link ExpertCallException} on error. */
    CompletableFuture<InstanceResult> execute(int instance, InstanceBatch batch);

    /**
     * Sends one layer step's batches, indexed by MoE instance (null where an instance has no
     * work); the answer has a future at every non-null index. By default one {@link #execute}
     * per batch; a two-phase transport overrides it to hand the whole step to its node's
     * aggregator at once (the aggregator must know when a sender is done with a step).
     */
    @SuppressWarnings("unchecked")
    default CompletableFuture<InstanceResult>[] executeStep(long stepId, int layer, InstanceBatch[] batches) {
        CompletableFuture<InstanceResult>[] pending = new CompletableFuture[batches.length];
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] != null) {
                pending[i] = execute(i, batches[i]);
            }
        }
        return pending;
    }

    @Override
    default void close() {
    }
}
