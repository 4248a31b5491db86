package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InProcessSplitEqualsMonolithicTest;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real gRPC over loopback: three MoE-instance servers on random ports, one bidirectional stream
 * each; the split engine equals the monolithic one, and a dead instance is a clear error.
 */
class GrpcSplitEqualsMonolithicTest {

    @Test
    void splitOverGrpcEqualsMonolithicAndDeadInstanceFailsTheStep() throws Exception {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "grpc-split");
             var cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(pool))) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
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
                InferenceEngine monolithic = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(1024));
                InferenceEngine split = new InferenceEngine(model, kernel, pool,
                        new EngineOptions(16, 64, ReplicatedMixtralAccess.planner(cluster), executor, null));
                InProcessSplitEqualsMonolithicTest.assertSameLogits(monolithic, split, model.config().vocabSize());

                servers.get(1).shutdownNow().awaitTermination();
                StepBatch batch = new StepBatch();
                try (KvSequence seq = split.newSequence()) {
                    int[] ids = Fixtures.ints(Fixtures.golden("tiny-mixtral").get("prompts").get(4).get("ids"));
                    batch.add(seq, ids, 0, ids.length, false);
                    assertThatThrownBy(() -> split.step(batch, new float[model.config().vocabSize()]))
                            .isInstanceOf(ExpertCallException.class)
                            .hasMessageContaining("MoE instance 1");
                }
            } finally {
                for (Server s : servers) {
                    s.shutdownNow();
                }
            }
        }
    }
}
