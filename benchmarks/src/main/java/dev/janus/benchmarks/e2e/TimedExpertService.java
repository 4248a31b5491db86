package dev.janus.benchmarks.e2e;

import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import io.grpc.stub.StreamObserver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * An MoE instance's expert service that also books the CPU time of every batch it serves to
 * {@link InstanceBusyTime} (and its wall time). The wrapped service (comm-lib's {@code ExpertStreamService}) answers
 * each batch synchronously on the thread that received it, and with a one-thread compute pool the
 * experts run on that thread too, so the thread's CPU time from request to answer is the batch's
 * whole cost. It is booked before the answer is forwarded, so the attention side sees it as soon
 * as it has the answer.
 */
final class TimedExpertService extends ExpertServiceGrpc.ExpertServiceImplBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ExpertServiceGrpc.ExpertServiceImplBase inner;
    private final InstanceBusyTime busy;
    private final int instance;

    TimedExpertService(ExpertServiceGrpc.ExpertServiceImplBase inner, InstanceBusyTime busy, int instance) {
        this.inner = inner;
        this.busy = busy;
        this.instance = instance;
    }

    @Override
    public StreamObserver<ActivationBatch> stream(StreamObserver<ExpertResultBatch> responses) {
        long[] started = new long[2]; // thread CPU time and wall time when the current batch arrived
        StreamObserver<ActivationBatch> requests = inner.stream(new StreamObserver<>() {
            @Override
            public void onNext(ExpertResultBatch result) {
                busy.add(instance, THREADS.getCurrentThreadCpuTime() - started[0], System.nanoTime() - started[1]);
                responses.onNext(result);
            }

            @Override
            public void onError(Throwable t) {
                responses.onError(t);
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(ActivationBatch batch) {
                started[1] = System.nanoTime();
                started[0] = THREADS.getCurrentThreadCpuTime();
                requests.onNext(batch);
            }

            @Override
            public void onError(Throwable t) {
                requests.onError(t);
            }

            @Override
            public void onCompleted() {
                requests.onCompleted();
            }
        };
    }
}
