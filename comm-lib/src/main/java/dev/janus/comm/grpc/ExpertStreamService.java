package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.metrics.DistinctCounter;
import dev.janus.comm.metrics.ExpertObserver;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MoE-instance end of {@code ExpertService.Stream}: each {@code ActivationBatch} of a stream
 * is executed by the instance's {@link ExpertWorker} and answered, in order, on the same stream.
 * A malformed batch ends the stream with INVALID_ARGUMENT; a batch for an expert this instance
 * does not host, or for a placement epoch it does not serve, with FAILED_PRECONDITION; the attention side then fails the step (and may retry
 * elsewhere). No Spring: expert-service registers it as its gRPC service bean.
 *
 * <p>Metrics go to an {@link ExpertObserver}: per batch its compute time, and the instance's
 * idle time, i.e. while at least one attention stream is open but no batch of any stream is
 * being computed (the instance waits for the attention side).
 *
 * <p>Shutdown: attention instances keep their streams open forever, so a gRPC server's graceful
 * shutdown alone would wait its whole grace period. {@link #drain()} ends every stream as soon
 * as it has no batch in flight (a batch in flight is answered first) and refuses new ones.
 */
public final class ExpertStreamService extends ExpertServiceGrpc.ExpertServiceImplBase {

    private final ExpertWorker worker;
    private final ExpertObserver observer;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final Object activity = new Object();
    private int openStreams;    // guarded by activity
    private int inFlight;       // guarded by activity: batches being computed, all streams
    private long idleSince;     // guarded by activity: valid while openStreams > 0 and inFlight == 0
    private volatile boolean draining;

    /** @param worker the instance's worker: it serves every prepared placement epoch */
    public ExpertStreamService(ExpertWorker worker) {
        this(worker, ExpertObserver.NONE);
    }

    public ExpertStreamService(ExpertWorker worker, ExpertObserver observer) {
        this.worker = worker;
        this.observer = observer;
    }

    @Override
    public StreamObserver<ActivationBatch> stream(StreamObserver<ExpertResultBatch> responses) {
        Call call = new Call(responses);
        if (draining) {
            call.fail(Status.UNAVAILABLE.withDescription("MoE instance is shutting down"));
            return call;
        }
        streamOpened();
        calls.add(call);
        if (draining) { // drain() ran between the check and add: it may have missed this call
            call.finishIfIdle();
        }
        return call;
    }

    /**
     * Ends every stream once its batch in flight (if any) is answered, and refuses new streams
     * with UNAVAILABLE: attention instances fail those steps over to other replicas. Returns at
     * once; streams with a batch in flight end when it is answered.
     */
    public void drain() {
        draining = true;
        for (Call call : calls) {
            call.finishIfIdle();
        }
    }

    /** Whether {@link #drain()} was called. */
    public boolean isDraining() {
        return draining;
    }

    /** Batches being computed now, over all streams. */
    public int inFlight() {
        synchronized (activity) {
            return inFlight;
        }
    }

    /** Attention streams open now. */
    public int openStreams() {
        synchronized (activity) {
            return openStreams;
        }
    }

    private void streamOpened() {
        synchronized (activity) {
            if (openStreams++ == 0 && inFlight == 0) {
                idleSince = System.nanoTime();
            }
        }
    }

    private void streamClosed() {
        long idle = 0;
        synchronized (activity) {
            if (--openStreams == 0 && inFlight == 0) {
                idle = System.nanoTime() - idleSince;
            }
        }
        if (idle > 0) {
            observer.idle(idle);
        }
    }

    private void batchStarted() {
        long idle = 0;
        synchronized (activity) {
            if (inFlight++ == 0 && openStreams > 0) {
                idle = System.nanoTime() - idleSince;
            }
        }
        if (idle > 0) {
            observer.idle(idle);
        }
    }

    private void batchFinished() {
        synchronized (activity) {
            if (--inFlight == 0) {
                idleSince = System.nanoTime();
            }
        }
    }

    /** One attention instance's stream. gRPC calls onNext/onError/onCompleted one at a time. */
    private final class Call implements StreamObserver<ActivationBatch> {
        private final StreamObserver<ExpertResultBatch> responses;
        private final DistinctCounter distinct = new DistinctCounter();
        private boolean done;  // guarded by this: the response stream is closed
        private boolean busy;  // guarded by this: a batch is being computed

        Call(StreamObserver<ExpertResultBatch> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(ActivationBatch message) {
            synchronized (this) {
                if (done) {
                    return;
                }
                busy = true;
            }
            batchStarted();
            ExpertResultBatch answer;
            Status failure = null;
            try {
                answer = execute(message);
            } catch (FailedBatch e) {
                answer = null;
                failure = e.status;
            } finally {
                batchFinished();
            }
            synchronized (this) {
                busy = false;
                if (done) {
                    return;
                }
                if (failure != null) {
                    fail(failure);
                    return;
                }
                responses.onNext(answer);
                if (draining) {
                    finish();
                }
            }
        }

        private ExpertResultBatch execute(ActivationBatch message) throws FailedBatch {
            InstanceBatch batch;
            try {
                batch = WireCodec.fromWire(message);
            } catch (IllegalArgumentException e) {
                throw new FailedBatch(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            }
            InstanceResult result;
            long[] computeNanos = new long[1];
            try {
                // the worker serves one batch at a time; it reports the compute time without the wait
                result = worker.execute(batch, nanos -> computeNanos[0] = nanos);
                if (observer != ExpertObserver.NONE) {
                    observer.batchComputed(batch.layer(), batch.tokens(), result.rows(),
                            distinct.count(batch.physicalExperts(), batch.tokens() * batch.topK()), computeNanos[0]);
                }
            } catch (IllegalArgumentException e) { // unknown epoch, expert not hosted here
                throw new FailedBatch(Status.FAILED_PRECONDITION.withDescription(e.getMessage()));
            } catch (RuntimeException e) {
                throw new FailedBatch(Status.INTERNAL.withDescription("expert execution failed: " + e).withCause(e));
            }
            return WireCodec.toWire(result, batch.hiddenSize());
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true; // the client went away; nothing to answer
            }
            closed();
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                if (!done) {
                    finish();
                }
            }
        }

        synchronized void finishIfIdle() {
            if (!done && !busy) {
                finish();
            }
        }

        /** Holding this. */
        private void finish() {
            done = true;
            responses.onCompleted();
            closed();
        }

        /** Holding this, or on a call never registered. */
        void fail(Status status) {
            done = true;
            responses.onError(status.asRuntimeException());
            closed();
        }

        private void closed() {
            if (calls.remove(this)) {
                streamClosed();
            }
        }
    }

    /** A batch that ends its stream with {@code status}. */
    private static final class FailedBatch extends Exception {
        final transient Status status;

        FailedBatch(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }
    }
}
