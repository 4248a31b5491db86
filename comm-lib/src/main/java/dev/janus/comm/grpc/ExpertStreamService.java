package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/**
 * The MoE-instance end of {@code ExpertService.Stream}: each {@code ActivationBatch} of a stream
 * is executed by the instance's {@link ExpertWorker} and answered, in order, on the same stream.
 * A malformed batch ends the stream with INVALID_ARGUMENT; a batch for an expert this instance
 * does not host with FAILED_PRECONDITION; the attention side then fails the step (and may retry
 * elsewhere). No Spring: expert-service registers it as its gRPC service bean.
 */
public final class ExpertStreamService extends ExpertServiceGrpc.ExpertServiceImplBase {

    private final Supplier<ExpertWorker> worker;

    /** @param worker the current worker (it changes when a new placement is loaded) */
    public ExpertStreamService(Supplier<ExpertWorker> worker) {
        this.worker = worker;
    }

    @Override
    public StreamObserver<ActivationBatch> stream(StreamObserver<ExpertResultBatch> responses) {
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(ActivationBatch message) {
                if (done) {
                    return;
                }
                InstanceBatch batch;
                try {
                    batch = WireCodec.fromWire(message);
                } catch (IllegalArgumentException e) {
                    fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
                    return;
                }
                InstanceResult result;
                try {
                    result = worker.get().execute(batch);
                } catch (IllegalArgumentException e) {
                    fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()));
                    return;
                } catch (RuntimeException e) {
                    fail(Status.INTERNAL.withDescription("expert execution failed: " + e).withCause(e));
                    return;
                }
                responses.onNext(WireCodec.toWire(result, batch.hiddenSize()));
            }

            @Override
            public void onError(Throwable t) {
                done = true; // the client went away; nothing to answer
            }

            @Override
            public void onCompleted() {
                if (!done) {
                    done = true;
                    responses.onCompleted();
                }
            }

            private void fail(Status status) {
                done = true;
                responses.onError(status.asRuntimeException());
            }
        };
    }
}
