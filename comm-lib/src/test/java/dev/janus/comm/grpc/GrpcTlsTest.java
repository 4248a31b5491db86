package dev.janus.comm.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InProcessSplitEqualsMonolithicTest;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.comm.twophase.CommStats;
import dev.janus.comm.twophase.NodeAggregator;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moe.grpc.tls}: MoE-instance servers and the node aggregator over TLS with a certificate
 * this test makes (keytool). The split engine over TLS equals the monolithic one; a client that
 * does not trust the certificate, or speaks plaintext, fails the step with an error that says so.
 */
class GrpcTlsTest {

    private static final int[] PROMPT = {1, 2, 3, 4};

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificate() {
        certs = TestCertificates.make(dir);
    }

    @Test
    void splitOverTlsEqualsMonolithicAndAnUntrustingClientIsToldWhy() throws Exception {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "grpc-tls");
             var cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(pool))) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            List<Server> servers = new ArrayList<>();
            try {
                for (Map.Entry<Integer, ExpertWorker> e : ReplicatedMixtralAccess.workers(cluster).entrySet()) {
                    servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                                    certs.server().serverCredentials())
                            .addService(new ExpertStreamService(e.getValue())).build().start());
                }
                InferenceEngine monolithic = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(1024));
                try (GrpcExpertTransport transport = new GrpcExpertTransport(channels(servers, certs.client()))) {
                    InProcessSplitEqualsMonolithicTest.assertSameLogits(monolithic,
                            split(model, kernel, pool, cluster, transport), model.config().vocabSize());
                }
                try (GrpcExpertTransport untrusting = new GrpcExpertTransport(
                        channels(servers, TestCertificates.clientWithoutTrust()))) {
                    InferenceEngine split = split(model, kernel, pool, cluster, untrusting);
                    assertThatThrownBy(() -> EngineRuns.prefillLogits(split, PROMPT))
                            .isInstanceOf(ExpertCallException.class)
                            .hasMessageContaining("MoE instance")
                            .hasMessageContaining("TLS handshake failed")
                            .hasMessageContaining("moe.grpc.tls.trust-certificates");
                }
                try (GrpcExpertTransport plaintext = new GrpcExpertTransport(channels(servers, GrpcTls.plaintext()))) {
                    InferenceEngine split = split(model, kernel, pool, cluster, plaintext);
                    assertThatThrownBy(() -> EngineRuns.prefillLogits(split, PROMPT))
                            .isInstanceOf(ExpertCallException.class).hasMessageContaining("stream failed");
                }
            } finally {
                for (Server s : servers) {
                    s.shutdownNow();
                }
            }
        }
    }

    @Test
    void theNodeAggregatorServesOverTls() throws Exception {
        int hidden = 2;
        var echo = new dev.janus.comm.dispatch.ExpertTransport() {
            @Override
            public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch b) {
                return CompletableFuture.completedFuture(new InstanceResult(b.stepId(), b.layer(), b.tokens(),
                        b.hidden().clone()));
            }
        };
        NodeAggregator aggregator = new NodeAggregator(echo, 2, Duration.ofMillis(20), new CommStats());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), certs.server().serverCredentials())
                .addService(new NodeAggregationService(aggregator)).build().start();
        try (GrpcNodeAggregator member = new GrpcNodeAggregator(
                Channels.forTarget("127.0.0.1:" + server.getPort(), certs.client()), 2, Duration.ofSeconds(5))) {
            InstanceBatch batch = new InstanceBatch(5, 0, 1, new int[] {0}, new float[] {1.5f, -2f}, hidden, 1, new int[] {0});
            CompletableFuture<InstanceResult>[] answers = member.submit(1, 5, 0, new InstanceBatch[] {batch});
            assertThat(answers[0].get().outputs()).containsExactly(1.5f, -2f);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aServerWithoutACertificateIsAConfigurationError() {
        assertThatThrownBy(() -> new GrpcTls(true, null, null, certs.certificate()).serverCredentials())
                .hasMessageContaining("moe.grpc.tls.certificate-chain");
        assertThatThrownBy(() -> new GrpcTls(true, certs.certificate(), null, null))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> new GrpcTls(true, null, null, dir.resolve("missing.crt")))
                .hasMessageContaining("moe.grpc.tls.trust-certificates must be an existing PEM file");
        assertThatThrownBy(() -> new GrpcTls(true, certs.privateKey(), certs.privateKey(), null).keyManagers())
                .hasMessageContaining("is not a PEM certificate file");
    }

    private static List<ManagedChannel> channels(List<Server> servers, GrpcTls tls) {
        return servers.stream().map(s -> Channels.forTarget("127.0.0.1:" + s.getPort(), tls)).toList();
    }

    private static InferenceEngine split(Model model, VectorMatmulKernel kernel, ComputePool pool,
                                         dev.janus.comm.dispatch.ReplicatedMixtral cluster, GrpcExpertTransport transport) {
        RemoteExpertExecutor executor = new RemoteExpertExecutor(ReplicatedMixtralAccess.placement(cluster), transport,
                model.config().hiddenSize(), Duration.ofSeconds(10));
        return new InferenceEngine(model, kernel, pool,
                new EngineOptions(16, 64, ReplicatedMixtralAccess.planner(cluster), executor, null));
    }
}
