package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.grpc.GrpcNodeAggregator;
import dev.janus.comm.grpc.NodeAggregationService;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phase 1 over gRPC: member 1 reaches member 0's aggregator through {@code NodeAggregatorService};
 * both members' rows of a layer step ride in one bulk message per MoE instance and each gets its
 * own rows back. A MoE instance's error reaches member 1 as that instance's error; a lost
 * aggregator makes member 1 resend directly, so no step fails for it.
 */
class GrpcNodeAggregatorTest {

    private static final int INSTANCES = 2;
    private static final int HIDDEN = 4;

    /** Answers each row times (physical + 1); instance {@code failing} fails. */
    private static final class Instances implements ExpertTransport {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failing = -1;

        @Override
        public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch b) {
            calls.incrementAndGet();
            if (instance == failing) {
                return CompletableFuture.failedFuture(new ExpertCallException(instance, "out of memory", null));
            }
            float[] out = new float[b.tokens() * HIDDEN];
            for (int t = 0; t < b.tokens(); t++) {
                for (int d = 0; d < HIDDEN; d++) {
                    out[t * HIDDEN + d] = b.hidden()[t * HIDDEN + d] * (b.physicalExperts()[t] + 1);
                }
            }
            return CompletableFuture.completedFuture(new InstanceResult(b.stepId(), b.layer(), b.tokens(), out));
        }
    }

    private static InstanceBatch[] step(long stepId, int layer, int member) {
        InstanceBatch[] out = new InstanceBatch[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            float[] hidden = new float[2 * HIDDEN];
            for (int j = 0; j < hidden.length; j++) {
                hidden[j] = member * 100 + i * 10 + j;
            }
            out[i] = new InstanceBatch(stepId, layer, 1, new int[] {0, 1}, hidden, HIDDEN, 1, new int[] {i, i + 2});
        }
        return out;
    }

    @Test
    void memberOneReachesTheAggregatorOverGrpc() throws Exception {
        Instances moe = new Instances();
        CommStats stats = new CommStats();
        NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofSeconds(30), stats);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new NodeAggregationService(aggregator)).build().start();
        try (GrpcNodeAggregator remote = new GrpcNodeAggregator(
                NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build(), 2, Duration.ofSeconds(5))) {
            AdaptiveTransport host = new AdaptiveTransport(0, aggregator, moe, ModePolicy.always(CommMode.TWO_PHASE), stats);
            AdaptiveTransport member = new AdaptiveTransport(1, remote, moe, ModePolicy.always(CommMode.TWO_PHASE), stats);

            CompletableFuture<InstanceResult>[] a = host.executeStep(3, 0, step(3, 0, 0));
            CompletableFuture<InstanceResult>[] b = member.executeStep(11, 0, step(11, 0, 1));
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(a[i].get().outputs()).isEqualTo(moe.execute(i, step(3, 0, 0)[i]).join().outputs());
                InstanceResult mine = b[i].get();
                assertThat(mine.stepId()).isEqualTo(11);
                assertThat(mine.outputs()).isEqualTo(moe.execute(i, step(11, 0, 1)[i]).join().outputs());
            }
            assertThat(stats.phase2Messages()).isEqualTo(INSTANCES);
            assertThat(stats.phase1Messages()).isEqualTo(1);

            moe.failing = 1;
            CompletableFuture<InstanceResult>[] c = member.executeStep(12, 1, step(12, 1, 1));
            host.executeStep(4, 1, step(4, 1, 0));
            assertThat(c[0].get().rows()).isEqualTo(2);
            assertThatThrownBy(c[1]::join).hasCauseInstanceOf(ExpertCallException.class)
                    .hasMessageContaining("MoE instance 1").hasMessageContaining("out of memory");
            moe.failing = -1;

            server.shutdownNow().awaitTermination();
            CompletableFuture<InstanceResult>[] d = member.executeStep(13, 2, step(13, 2, 1));
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(d[i].get().outputs()).isEqualTo(moe.execute(i, step(13, 2, 1)[i]).join().outputs());
            }
            assertThat(remote.available()).isFalse();
            long direct = stats.directMessages();
            member.executeStep(14, 3, step(14, 3, 1));
            assertThat(stats.directMessages()).isEqualTo(direct + INSTANCES); // sent directly up front
        } finally {
            server.shutdownNow();
        }
    }
}
