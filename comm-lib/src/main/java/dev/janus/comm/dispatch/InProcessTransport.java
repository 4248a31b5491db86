package dev.janus.comm.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * MoE instances in this JVM: the batch is handed to the instance's {@link ExpertWorker} by
 * reference (no serialisation, no copy) and run on the calling thread. With one worker holding
 * every expert this is the monolithic baseline through the same dispatch/combine code.
 */
public final class InProcessTransport implements ExpertTransport {

    private final Map<Integer, ExpertWorker> workers;

    public InProcessTransport(Map<Integer, ExpertWorker> workers) {
        this.workers = Map.copyOf(workers);
    }

    @Override
    public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch batch) {
        ExpertWorker worker = workers.get(instance);
        if (worker == null) {
            return CompletableFuture.failedFuture(new ExpertCallException(instance, "no such in-process instance", null));
        }
        try {
            return CompletableFuture.completedFuture(worker.execute(batch)); // the worker owns its locking
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ExpertCallException(instance, e.getMessage(), e));
        }
    }
}
