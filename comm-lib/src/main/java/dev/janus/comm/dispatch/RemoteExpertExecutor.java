package dev.janus.comm.dispatch;

import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The engine's {@link ExpertExecutor} when experts live on MoE instances: split the plan per
 * instance, send every batch, wait for all of them (with a deadline), scatter the unweighted
 * outputs back to their (token, slot) rows. The engine's combiner then applies router weights.
 */
public final class RemoteExpertExecutor implements ExpertExecutor {

    private final BatchSplitter splitter;
    private final ExpertTransport transport;
    private final int hidden;
    private final LongSupplier epoch;
    private final Duration deadline;
    private long nextStep;

    public RemoteExpertExecutor(BatchSplitter splitter, ExpertTransport transport, int hidden,
                                LongSupplier epoch, Duration deadline) {
        this.splitter = splitter;
        this.transport = transport;
        this.hidden = hidden;
        this.epoch = epoch;
        this.deadline = deadline;
    }

    @Override
    public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        long step = nextStep++;
        InstanceBatch[] batches = splitter.split(step, epoch.getAsLong(), layer, plan, x, hidden);
        @SuppressWarnings("unchecked")
        CompletableFuture<InstanceResult>[] pending = new CompletableFuture[batches.length];
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] != null) {
                pending[i] = transport.execute(i, batches[i]);
            }
        }
        long until = System.nanoTime() + deadline.toNanos();
        for (int i = 0; i < batches.length; i++) {
            if (pending[i] == null) {
                continue;
            }
            InstanceResult result = await(i, pending[i], until);
            if (result.stepId() != step || result.layer() != layer) {
                throw new ExpertCallException(i, "answered step " + result.stepId() + " layer " + result.layer()
                        + " to step " + step + " layer " + layer, null);
            }
            BatchSplitter.scatter(batches[i], result, out);
        }
    }

    private static InstanceResult await(int instance, CompletableFuture<InstanceResult> f, long until) {
        try {
            return f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ExpertCallException(instance, "no answer within the deadline", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExpertCallException ece) {
                throw ece;
            }
            throw new ExpertCallException(instance, String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExpertCallException(instance, "interrupted while waiting", e);
        }
    }
}
