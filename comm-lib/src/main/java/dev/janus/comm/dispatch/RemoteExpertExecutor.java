package dev.janus.comm.dispatch;

import dev.janus.comm.metrics.CommObserver;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.metrics.DistinctCounter;
import dev.janus.comm.twophase.CommStats;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's {@link ExpertExecutor} when experts live on MoE instances: split the plan per
 * instance, send every batch, wait for all of them (with a deadline), scatter the unweighted
 * outputs back to their (token, slot) rows. The engine's combiner then applies router weights.
 *
 * <p>Failover: when an instance fails or misses the deadline, its rows are sent once more to
 * other replicas of the same logical experts ({@link ReplicaFinder}) and the instance is
 * quarantined ({@link InstanceHealth}): later steps route around it up front. A row whose expert
 * has no replica on a live instance fails the step with a clear {@link ExpertCallException}.
 *
 * <p>Epochs: each plan carries the {@link PlacementEpoch} its layer step acquired
 * ({@code ScheduledDispatchPlanner}); splitting, failover and the version on the wire all use it,
 * and the step releases it in {@link CurrentPlacement} when its answers are in, so a placement
 * switch never mixes two epochs inside one step (DESIGN.md §10).
 *
 * <p>{@link #submit} sends at once and leaves waiting, scattering and failover to
 * {@link Pending#await()} on the engine thread, so ping-pong micro-batches (several calls in
 * flight, each under its own step id) need no locking here; the deadline counts from sending.
 *
 * <p>Metrics go to a {@link CommObserver}: every batch sent (retries included), each answer's
 * round trip (timed when the answer arrives, on the transport's thread, not when the engine gets
 * to it) and the time the engine thread blocks in {@link Pending#await()}.
 */
public final class RemoteExpertExecutor implements ExpertExecutor {

    private final CurrentPlacement placement;
    private final ExpertTransport transport;
    private final int hidden;
    private final Duration deadline;
    private final ReplicaFinder replicas;
    private final InstanceHealth health;
    private final CommObserver observer;
    private final DistinctCounter distinct = new DistinctCounter(); // engine thread only
    private long nextStep;
    private long waitedNanos; // engine thread only: time blocked in await, ever

    /** Without failover: a failed instance fails the step. */
    public RemoteExpertExecutor(CurrentPlacement placement, ExpertTransport transport, int hidden, Duration deadline) {
        this(placement, transport, hidden, deadline, ReplicaFinder.NONE,
                new InstanceHealth(placement.get().instances(), Duration.ZERO));
    }

    public RemoteExpertExecutor(CurrentPlacement placement, ExpertTransport transport, int hidden, Duration deadline,
                                ReplicaFinder replicas, InstanceHealth health) {
        this(placement, transport, hidden, deadline, replicas, health, CommObserver.NONE);
    }

    /**
     * @param placement the holder the planner ({@code ScheduledDispatchPlanner}) acquired each
     *     plan's epoch from; every step releases its epoch there when its answers are in
     * @param health    sized for the most MoE instances any epoch may use (the transport's)
     */
    public RemoteExpertExecutor(CurrentPlacement placement, ExpertTransport transport, int hidden, Duration deadline,
                                ReplicaFinder replicas, InstanceHealth health, CommObserver observer) {
        this.placement = placement;
        this.transport = transport;
        this.hidden = hidden;
        this.deadline = deadline;
        this.replicas = replicas;
        this.health = health;
        this.observer = observer;
    }

    @Override
    public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        submit(layer, plan, x, out).await();
    }

    @Override
    public Pending submit(int layer, DispatchPlan plan, float[] x, float[] out) {
        if (!(plan.placement() instanceof PlacementEpoch epoch)) {
            throw new IllegalStateException("layer " + layer + ": the dispatch plan carries no PlacementEpoch"
                    + " (plan it with ScheduledDispatchPlanner)");
        }
        long step = nextStep++;
        InstanceBatch[] batches;
        CompletableFuture<InstanceResult>[] pending;
        long sent;
        try {
            if (health.anyDown()) {
                avoidDownInstances(epoch, layer, plan);
            }
            batches = BatchSplitter.split(step, epoch, layer, plan, x, hidden);
            sent = System.nanoTime(); // before the call: an in-process transport answers inside it
            pending = transport.executeStep(step, layer, batches);
        } catch (RuntimeException e) {
            placement.release(epoch);
            throw e;
        }
        if (observer != CommObserver.NONE) {
            for (int i = 0; i < batches.length; i++) {
                if (batches[i] != null) {
                    observe(i, batches[i], pending[i], sent);
                }
            }
        }
        long until = System.nanoTime() + deadline.toNanos();
        return () -> collect(epoch, step, layer, batches, pending, until, out);
    }

    private void collect(PlacementEpoch epoch, long step, int layer, InstanceBatch[] batches,
                         CompletableFuture<InstanceResult>[] pending, long until, float[] out) {
        long waitedBefore = waitedNanos;
        try {
            for (int i = 0; i < batches.length; i++) {
                if (pending[i] == null) {
                    continue;
                }
                try {
                    BatchSplitter.scatter(batches[i], checked(i, await(i, pending[i], until), step, layer), out);
                } catch (ExpertCallException failure) {
                    health.markDown(i);
                    retryElsewhere(epoch, batches[i], failure, out);
                }
            }
        } finally {
            placement.release(epoch);
            observer.attentionIdle(layer, waitedNanos - waitedBefore);
        }
    }

    /** Reports a sent batch, and its round trip once answered (on the completing thread). */
    private void observe(int instance, InstanceBatch b, CompletableFuture<InstanceResult> answer, long sent) {
        observer.batchSent(b.layer(), instance, b.tokens(), b.rows(),
                distinct.count(b.physicalExperts(), b.tokens() * b.topK()), CommStats.bytes(b));
        if (answer != null) {
            int layer = b.layer();
            int h = b.hiddenSize();
            answer.whenComplete((r, e) -> {
                if (r != null) {
                    observer.batchAnswered(layer, instance, System.nanoTime() - sent,
                            CommStats.HEADER_BYTES + (long) r.rows() * h * Float.BYTES);
                }
            });
        }
    }

    /** Rows planned on a quarantined instance go to another replica when one is up. */
    private void avoidDownInstances(PlacementEpoch epoch, int layer, DispatchPlan plan) {
        for (int row = 0; row < plan.rows(); row++) {
            int p = plan.physical(row);
            if (health.isDown(epoch.instanceOf(p))) {
                int alt = replicas.alternative(epoch, layer, p, health::isDown);
                if (alt >= 0) {
                    plan.setPhysical(row, alt);
                }
            }
        }
        plan.group();
    }

    /** Sends the rows of a failed instance's batch to other replicas, once. */
    private void retryElsewhere(PlacementEpoch epoch, InstanceBatch failed, ExpertCallException failure, float[] out) {
        int k = failed.topK();
        int[] target = new int[failed.tokens() * k];
        for (int i = 0; i < target.length; i++) {
            int p = failed.physicalExperts()[i];
            target[i] = -1;
            if (p >= 0) {
                target[i] = replicas.alternative(epoch, failed.layer(), p, health::isDown);
                if (target[i] < 0) {
                    throw new ExpertCallException(failure.instance(), "failed (" + failure.reason()
                            + ") and no other replica of physical expert " + p + " (layer " + failed.layer() + ") is up", failure);
                }
            }
        }
        long until = System.nanoTime() + deadline.toNanos();
        long retryStep = nextStep++;
        for (InstanceBatch retry : BatchSplitter.regroup(failed, target, epoch, retryStep)) {
            int instance = epoch.instanceOf(firstPhysical(retry));
            long sent = System.nanoTime();
            CompletableFuture<InstanceResult> answer = transport.execute(instance, retry);
            if (observer != CommObserver.NONE) {
                observe(instance, retry, answer, sent);
            }
            InstanceResult result = checked(instance, await(instance, answer, until), retry.stepId(), retry.layer());
            BatchSplitter.scatter(retry, result, out);
        }
    }

    private static int firstPhysical(InstanceBatch b) {
        for (int p : b.physicalExperts()) {
            if (p >= 0) {
                return p;
            }
        }
        throw new IllegalStateException("empty retry batch");
    }

    private static InstanceResult checked(int instance, InstanceResult result, long step, int layer) {
        if (result.stepId() != step || result.layer() != layer) {
            throw new ExpertCallException(instance, "answered step " + result.stepId() + " layer " + result.layer()
                    + " to step " + step + " layer " + layer, null);
        }
        return result;
    }

    /** Waits for an answer until the deadline; the time blocked counts as attention idle time. */
    private InstanceResult await(int instance, CompletableFuture<InstanceResult> f, long until) {
        long start = System.nanoTime();
        try {
            return f.get(Math.max(0, until - start), TimeUnit.NANOSECONDS);
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
        } finally {
            waitedNanos += System.nanoTime() - start;
        }
    }
}
