package dev.janus.expert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementConfig;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Three expert-service applications (MoE instances 0..2, four redundant slots per layer so that
 * experts 0..3 have two replicas) on tiny-mixtral, and an attention-side engine wired to them
 * over gRPC as attention-service's grpc mode does: AEBS dispatch, greedy tokens equal the golden
 * ones and logits equal the monolithic engine's. Then instance 2, the only host of experts 4 and
 * 7, is stopped: the next step fails with an error naming it, well within the deadline.
 */
class SplitDeploymentTest {

    private static final int INSTANCES = 3;
    private static final int REDUNDANT = 4;

    @Test
    void threeExpertServicesServeTheGoldenTokensAndAStoppedOneFailsTheStep() throws Exception {
        Path dir = Fixtures.dir("tiny-mixtral");
        JsonNode golden = Fixtures.golden("tiny-mixtral");
        List<ConfigurableApplicationContext> services = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        try (Model model = Model.load(dir); ComputePool pool = new ComputePool(2, "split-deployment")) {
            for (int i = 0; i < INSTANCES; i++) {
                ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ExpertServiceApplication.class).run(
                        "--server.port=0", "--spring.grpc.server.port=0", "--spring.grpc.server.shutdown-grace-period=1s",
                        "--moe.model.path=" + dir, "--moe.expert.instance-id=" + i, "--moe.expert.compute-threads=1",
                        "--moe.placement.instances=" + INSTANCES, "--moe.placement.redundant-slots=" + REDUNDANT);
                services.add(ctx);
                int port = ctx.getBean(GrpcServerLifecycle.class).getPort();
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
            }
            PlacementEpoch epoch = new PlacementConfig(INSTANCES, REDUNDANT, null, null, null)
                    .roundRobin(model.config().numLayers(), model.config().numExperts());
            CurrentPlacement placement = new CurrentPlacement(epoch);
            assertThat(epoch.layer(0).replicatedExpertCount()).isEqualTo(REDUNDANT);
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            int vocab = model.config().vocabSize();
            try (GrpcExpertTransport transport = new GrpcExpertTransport(channels)) {
                Duration deadline = Duration.ofSeconds(10);
                RemoteExpertExecutor executor = new RemoteExpertExecutor(placement, transport,
                        model.config().hiddenSize(), deadline,
                        ReplicaFinder.REPLICAS, new InstanceHealth(INSTANCES, Duration.ofMinutes(1)));
                InferenceEngine split = new InferenceEngine(model, kernel, pool, new EngineOptions(16, 64,
                        new ScheduledDispatchPlanner(SchedulingPolicy.fromName("aebs-rep").create(), placement),
                        executor, null));
                InferenceEngine monolithic = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(1024));

                // warm-up: while the JIT compiles, a dot product's last lane reduction may be summed
                // in another order (an ulp), which is not what is under test
                for (JsonNode prompt : golden.get("prompts")) {
                    EngineRuns.prefillLogits(split, Fixtures.ints(prompt.get("ids")));
                    EngineRuns.prefillLogits(monolithic, Fixtures.ints(prompt.get("ids")));
                }
                EngineRuns.untilJitSettles(4, () -> {
                    for (JsonNode prompt : golden.get("prompts")) {
                        int[] ids = Fixtures.ints(prompt.get("ids"));
                        float[] want = EngineRuns.prefillLogits(monolithic, ids);
                        float[] got = EngineRuns.prefillLogits(split, ids);
                        for (int i = 0; i < want.length; i++) {
                            assertThat(Math.abs(got[i] - want[i])).as("%s logit %d", prompt.get("name").asText(), i)
                                    .isLessThanOrEqualTo(1e-5f);
                        }
                    }
                });
                for (JsonNode prompt : golden.get("prompts")) {
                    int[] ids = Fixtures.ints(prompt.get("ids"));
                    int[] greedy = Fixtures.ints(prompt.get("greedy").get("ids"));
                    assertThat(EngineRuns.greedy(split, ids, greedy.length)).as(prompt.get("name").asText())
                            .containsExactly(greedy);
                }

                services.get(2).close();
                int[] ids = longestPrompt(golden);
                long start = System.nanoTime();
                assertThatThrownBy(() -> EngineRuns.prefillLogits(split, ids))
                        .isInstanceOf(ExpertCallException.class)
                        .hasMessageContaining("MoE instance 2");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(deadline);
            }
        } finally {
            for (ConfigurableApplicationContext ctx : services) {
                ctx.close();
            }
        }
    }

    private static int[] longestPrompt(JsonNode golden) {
        int[] longest = new int[0];
        for (JsonNode prompt : golden.get("prompts")) {
            int[] ids = Fixtures.ints(prompt.get("ids"));
            longest = ids.length > longest.length ? ids : longest;
        }
        return longest;
    }


}
