package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.MicroBatchSplitTest;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ping-pong micro-batches over real loopback gRPC (three MoE-instance servers, several calls in
 * flight per stream): golden greedy tokens for m = 1, 2, 3, logits within 1e-5 of monolithic.
 */
class GrpcMicroBatchSplitTest {

    @Test
    void grpcSplitGivesGoldenTokensForEveryMicroBatchCount() throws Exception {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "grpc-mb");
             var cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(pool))) {
            List<Server> servers = new ArrayList<>();
            List<ManagedChannel> channels = new ArrayList<>();
            for (Map.Entry<Integer, ExpertWorker> e : ReplicatedMixtralAccess.workers(cluster).entrySet()) {
                ExpertWorker worker = e.getValue();
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(new ExpertStreamService(worker)).build().start();
                servers.add(server);
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build());
            }
            try (GrpcExpertTransport transport = new GrpcExpertTransport(channels)) {
                RemoteExpertExecutor executor = new RemoteExpertExecutor(ReplicatedMixtralAccess.placement(cluster), transport,
                        model.config().hiddenSize(), Duration.ofSeconds(10));
                MicroBatchSplitTest.assertEveryMicroBatchCountDecodesGolden(model, pool,
                        m -> new EngineOptions(16, 64, ReplicatedMixtralAccess.planner(cluster), executor, null, m));
            } finally {
                for (Server s : servers) {
                    s.shutdownNow();
                }
                for (ManagedChannel c : channels) {
                    c.shutdownNow();
                }
            }
        }
    }
}
