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

    @Override
    default void close() {
    }
}
