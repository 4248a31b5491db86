package dev.janus.expert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.grpc.Channels;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.grpc.TestCertificates;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The split deployment over TLS (moe.grpc.tls, a certificate this test makes with keytool): two
 * expert-service applications whose Spring gRPC servers present it, an attention-side engine
 * whose channels trust it: greedy tokens equal the golden ones. A client without the trust
 * store, or a plaintext one, fails the step with an error naming the MoE instance (and, for the
 * untrusting one, the handshake and the setting to fix).
 */
class SplitDeploymentTlsTest {

    private static final int INSTANCES = 2;
    private static final int REDUNDANT = 2;

    @TempDir
    Path dir;

    @Test
    void twoExpertServicesOverTlsServeTheGoldenTokens() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        Path fixture = Fixtures.dir("tiny-mixtral");
        JsonNode golden = Fixtures.golden("tiny-mixtral");
        List<ConfigurableApplicationContext> services = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try (Model model = Model.load(fixture); ComputePool pool = new ComputePool(2, "split-tls")) {
            for (int i = 0; i < INSTANCES; i++) {
                ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ExpertServiceApplication.class).run(
                        "--server.port=0", "--spring.grpc.server.port=0", "--spring.grpc.server.host=127.0.0.1",
                        "--spring.grpc.server.shutdown-grace-period=1s", "--moe.model.path=" + fixture,
                        "--moe.expert.instance-id=" + i, "--moe.expert.compute-threads=1",
                        "--moe.placement.instances=" + INSTANCES, "--moe.placement.redundant-slots=" + REDUNDANT,
                        "--moe.grpc.tls.enabled=true", "--moe.grpc.tls.certificate-chain=" + certs.certificate(),
                        "--moe.grpc.tls.private-key=" + certs.privateKey());
                services.add(ctx);
                targets.add("127.0.0.1:" + ctx.getBean(GrpcServerLifecycle.class).getPort());
            }
            PlacementEpoch epoch = new PlacementConfig(INSTANCES, REDUNDANT, null, null, null)
                    .roundRobin(model.config().numLayers(), model.config().numExperts());
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            try (GrpcExpertTransport transport = transport(targets, certs.client())) {
                InferenceEngine split = engine(model, kernel, pool, epoch, transport);
                for (JsonNode prompt : golden.get("prompts")) {
                    int[] ids = Fixtures.ints(prompt.get("ids"));
                    int[] greedy = Fixtures.ints(prompt.get("greedy").get("ids"));
                    assertThat(EngineRuns.greedy(split, ids, greedy.length)).as(prompt.get("name").asText())
                            .containsExactly(greedy);
                }
            }
            int[] prompt = Fixtures.ints(golden.get("prompts").get(0).get("ids"));
            try (GrpcExpertTransport untrusting = transport(targets, TestCertificates.clientWithoutTrust())) {
                InferenceEngine split = engine(model, kernel, pool, epoch, untrusting);
                assertThatThrownBy(() -> EngineRuns.prefillLogits(split, prompt))
                        .isInstanceOf(ExpertCallException.class)
                        .hasMessageContaining("MoE instance")
                        .hasMessageContaining("TLS handshake failed")
                        .hasMessageContaining("moe.grpc.tls.trust-certificates");
            }
            try (GrpcExpertTransport plaintext = transport(targets, GrpcTls.plaintext())) {
                InferenceEngine split = engine(model, kernel, pool, epoch, plaintext);
                long start = System.nanoTime();
                assertThatThrownBy(() -> EngineRuns.prefillLogits(split, prompt))
                        .isInstanceOf(ExpertCallException.class).hasMessageContaining("MoE instance")
                        .hasMessageContaining("stream failed");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 10 s deadline").isLessThan(Duration.ofSeconds(5));
            }
        } finally {
            for (ConfigurableApplicationContext ctx : services) {
                ctx.close();
            }
        }
    }

    private static GrpcExpertTransport transport(List<String> targets, GrpcTls tls) {
        return new GrpcExpertTransport(targets.stream().map(t -> Channels.forTarget(t, tls)).toList());
    }

    private static InferenceEngine engine(Model model, VectorMatmulKernel kernel, ComputePool pool, PlacementEpoch epoch,
                                          GrpcExpertTransport transport) {
        CurrentPlacement placement = new CurrentPlacement(epoch);
        RemoteExpertExecutor executor = new RemoteExpertExecutor(placement, transport, model.config().hiddenSize(),
                Duration.ofSeconds(10), ReplicaFinder.REPLICAS, new InstanceHealth(INSTANCES, Duration.ofMinutes(1)));
        return new InferenceEngine(model, kernel, pool, new EngineOptions(16, 64,
                new ScheduledDispatchPlanner(SchedulingPolicy.fromName("aebs-rep").create(), placement), executor, null));
    }
}
