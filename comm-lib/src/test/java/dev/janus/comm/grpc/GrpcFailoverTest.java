package dev.janus.comm.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every expert of tiny-mixtral twice, on four MoE-instance gRPC servers, scheduled by AEBS
 * (aebs-rep). One instance is stopped in the middle of a generation: its rows are retried on the
 * other replicas and later steps route around it, so the greedy continuation is still exactly
 * the fixture's golden one.
 */
class GrpcFailoverTest {

    // instance i holds slots 4i..4i+3; instance 2 mirrors 0 and 3 mirrors 1
    private static final int[] SLOTS = {0, 1, 2, 3, 4, 5, 6, 7, 1, 0, 3, 2, 5, 4, 7, 6};

    @Test
    void generationSurvivesAnInstanceStoppedMidway() throws Exception {
        JsonNode prompt = Fixtures.golden("tiny-mixtral").get("prompts").get(3); // chat_template
        int[] ids = Fixtures.ints(prompt.get("ids"));
        int[] golden = Fixtures.ints(prompt.get("greedy").get("ids"));
        PlacementEpoch epoch = PlacementEpoch.uniform(1, 4, 8, 4, SLOTS);
        List<Server> servers = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        List<Model> hosts = new ArrayList<>();
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral")); ComputePool pool = new ComputePool(2, "failover")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            for (int inst = 0; inst < 4; inst++) {
                int instance = inst;
                Model host = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> hosts(instance, e));
                hosts.add(host);
                ExpertWorker worker = ExpertWorker.serving(epoch, host.weights(), kernel);
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(new ExpertStreamService(worker)).build().start();
                servers.add(server);
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build());
            }
            try (GrpcExpertTransport transport = new GrpcExpertTransport(channels)) {
                CurrentPlacement placement = new CurrentPlacement(epoch);
                RemoteExpertExecutor executor = new RemoteExpertExecutor(placement, transport,
                        model.config().hiddenSize(), Duration.ofSeconds(10),
                        ReplicaFinder.REPLICAS, new InstanceHealth(4, Duration.ofMinutes(1)));
                InferenceEngine split = new InferenceEngine(model, kernel, pool, new EngineOptions(16, 64,
                        new ScheduledDispatchPlanner(SchedulingPolicy.DEFAULT.create(), placement), executor, null));
                int vocab = model.config().vocabSize();
                float[] logits = new float[vocab];
                StepBatch batch = new StepBatch();
                int[] generated = new int[golden.length];
                try (KvSequence seq = split.newSequence()) {
                    batch.add(seq, ids, 0, ids.length, false);
                    int[] next = new int[1];
                    for (int step = 0; step < golden.length; step++) {
                        if (step == 5) {
                            servers.get(0).shutdownNow().awaitTermination(); // mid-generation
                        }
                        split.step(batch, logits);
                        generated[step] = Fixtures.argmax(logits, 0, vocab);
                        next[0] = generated[step];
                        batch.clear();
                        batch.add(seq, next, 0, 1, false);
                    }
                }
                assertThat(generated).containsExactly(golden);
            }
        } finally {
            for (Server s : servers) {
                s.shutdownNow();
            }
            for (Model h : hosts) {
                h.close();
            }
        }
    }

    private static boolean hosts(int instance, int logical) {
        for (int p = instance * 4; p < instance * 4 + 4; p++) {
            if (SLOTS[p] == logical) {
                return true;
            }
        }
        return false;
    }
}
