package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.comm.metrics.ExpertObserver;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpertStreamService#drain()}: an idle stream ends at once, a stream with a batch in
 * flight ends right after answering it, a new stream is refused with UNAVAILABLE, and the gRPC
 * server's graceful shutdown then finishes without waiting for its grace period.
 */
class ExpertStreamDrainTest {

    @Test
    void drainEndsIdleStreamsAtOnceAndBusyOnesAfterTheirAnswer() throws Exception {
        try (ComputePool pool = new ComputePool(1, "drain");
             var cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(pool))) {
            ExpertWorker worker = ReplicatedMixtralAccess.workers(cluster).get(0);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean blockNext = new AtomicBoolean();
            ExpertStreamService service = new ExpertStreamService(worker, new ExpertObserver() {
                @Override
                public void batchComputed(int layer, int tokens, int rows, int activatedExperts, long computeNanos) {
                    if (blockNext.getAndSet(false)) { // the busy stream's batch stays in flight until released
                        entered.countDown();
                        awaitQuietly(release);
                    }
                }
            });
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(service).build().start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
            try {
                Client idle = new Client(channel);
                idle.requests.onNext(batch(1));
                assertThat(idle.answers.poll(10, TimeUnit.SECONDS)).as("idle stream's answer").isNotNull();
                Client busy = new Client(channel);
                blockNext.set(true);
                busy.requests.onNext(batch(2));
                assertThat(entered.await(10, TimeUnit.SECONDS)).as("busy batch in flight").isTrue();
                assertThat(service.inFlight()).isEqualTo(1);
                assertThat(service.openStreams()).isEqualTo(2);

                service.drain();

                assertThat(idle.end.get(10, TimeUnit.SECONDS)).as("idle stream ends at once").isEqualTo(Status.Code.OK);
                assertThat(busy.end).as("busy stream still answering").isNotDone();
                Client late = new Client(channel);
                late.requests.onNext(batch(3));
                assertThat(late.end.get(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.UNAVAILABLE);

                release.countDown();
                ExpertResultBatch answer = busy.answers.poll(10, TimeUnit.SECONDS);
                assertThat(answer).as("in-flight batch answered").isNotNull();
                assertThat(answer.getRequestStepId()).isEqualTo(2);
                assertThat(busy.end.get(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
                assertThat(service.openStreams()).isZero();

                long start = System.nanoTime();
                server.shutdown();
                assertThat(server.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            } finally {
                release.countDown();
                channel.shutdownNow();
                server.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A token of layer 0 for physical experts 0 and 3, both on MoE instance 0. */
    private static ActivationBatch batch(long step) {
        int h = 64;
        float[] hidden = new float[h];
        for (int i = 0; i < h; i++) {
            hidden[i] = (i % 7 - 3) * 0.1f;
        }
        return WireCodec.toWire(new InstanceBatch(step, 0, 1, new int[] {0}, hidden, h, 2, new int[] {0, 3}));
    }

    private static final class Client implements StreamObserver<ExpertResultBatch> {
        final LinkedBlockingQueue<ExpertResultBatch> answers = new LinkedBlockingQueue<>();
        final CompletableFuture<Status.Code> end = new CompletableFuture<>();
        final StreamObserver<ActivationBatch> requests;

        Client(ManagedChannel channel) {
            this.requests = ExpertServiceGrpc.newStub(channel).stream(this);
        }

        @Override
        public void onNext(ExpertResultBatch value) {
            answers.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            end.complete(Status.Code.OK);
        }
    }
}
