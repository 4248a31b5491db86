package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Attention-side gRPC transport: one long-lived bidirectional {@code ExpertService.Stream} per MoE
 * instance (this attention instance × that MoE instance), opened on first use and reopened after
 * a failure. Requests of a stream are answered in order; each answer is matched to its pending
 * step by (step id, layer). A broken stream fails every step pending on it with an
 * {@link ExpertCallException}; per-step deadlines are the caller's ({@code RemoteExpertExecutor}).
 *
 * <p>Reconnecting: after a MoE instance went away, gRPC's channel retries the connection with
 * exponential backoff (1 s growing by 1.6x up to 2 min), and while it waits every new stream fails
 * at once. An instance restarted after a minute's outage would then stay unused for up to two
 * more. So reopening a broken stream also resets the channel's backoff, at most once per
 * {@link #BACKOFF_RESET_INTERVAL} per instance: a restarted instance is connected again within
 * about a second, and a dead one costs one connection attempt per second, not one per step.
 */
public final class GrpcExpertTransport implements ExpertTransport {

    static final Duration BACKOFF_RESET_INTERVAL = Duration.ofSeconds(1);

    private final List<ManagedChannel> channels;
    private final InstanceStream[] streams;
    private final long[] backoffResetAt;

    /** @param channels channel to each MoE instance, indexed by instance id */
    public GrpcExpertTransport(List<ManagedChannel> channels) {
        this.channels = List.copyOf(channels);
        this.streams = new InstanceStream[channels.size()];
        this.backoffResetAt = new long[channels.size()];
    }

    @Override
    public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch batch) {
        if (instance < 0 || instance >= streams.length) {
            return CompletableFuture.failedFuture(new ExpertCallException(instance, "unknown MoE instance", null));
        }
        return stream(instance).send(batch);
    }

    private synchronized InstanceStream stream(int instance) {
        InstanceStream s = streams[instance];
        if (s == null || s.broken) {
            if (s != null) {
                resetBackoffAtMostEverySecond(instance);
            }
            s = new InstanceStream(instance);
            streams[instance] = s;
        }
        return s;
    }

    private void resetBackoffAtMostEverySecond(int instance) {
        long now = System.nanoTime();
        if (now - backoffResetAt[instance] >= BACKOFF_RESET_INTERVAL.toNanos()) {
            backoffResetAt[instance] = now;
            channels.get(instance).resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        for (InstanceStream s : streams) {
            if (s != null) {
                s.close();
            }
        }
        Channels.shutdown(channels);
    }

    private record Key(long step, int layer) {
    }

    /** One bidirectional stream and the steps waiting on it. */
    private final class InstanceStream implements StreamObserver<ExpertResultBatch> {
        private final int instance;
        private final PendingAnswers<Key> pending = new PendingAnswers<>();
        private final StreamObserver<ActivationBatch> requests;
        private volatile boolean broken;

        InstanceStream(int instance) {
            this.instance = instance;
            this.requests = ExpertServiceGrpc.newStub(channels.get(instance)).stream(this);
        }

        CompletableFuture<InstanceResult> send(InstanceBatch batch) {
            CompletableFuture<InstanceResult> f = pending.expect(new Key(batch.stepId(), batch.layer()));
            synchronized (this) { // StreamObserver is not thread-safe
                if (broken) {
                    f.completeExceptionally(new ExpertCallException(instance, "stream is broken", null));
                    return f;
                }
                requests.onNext(WireCodec.toWire(batch));
            }
            return f;
        }

        @Override
        public void onNext(ExpertResultBatch message) {
            CompletableFuture<InstanceResult> f = pending.get(new Key(message.getRequestStepId(), message.getLayer()));
            if (f == null) {
                return; // the step gave up (deadline) before the answer came
            }
            try {
                f.complete(WireCodec.fromWire(message));
            } catch (IllegalArgumentException e) {
                f.completeExceptionally(new ExpertCallException(instance, e.getMessage(), e));
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(new ExpertCallException(instance, "stream failed: " + GrpcTls.describe(t), t));
        }

        @Override
        public void onCompleted() {
            fail(new ExpertCallException(instance, "stream closed by the MoE instance", null));
        }

        private void fail(ExpertCallException e) {
            broken = true;
            pending.failAll(e);
        }

        synchronized void close() {
            if (!broken) {
                broken = true;
                requests.onCompleted();
            }
        }
    }
}
