package dev.janus.expert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import dev.janus.model.golden.Fixtures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.grpc.Channels;
import dev.janus.comm.grpc.GrpcExpertTransport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** One MoE instance hosting every expert of tiny-mixtral (N = 1). Split execution: SplitDeploymentTest. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.grpc.server.port=0")
class ExpertServiceApplicationTest {

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("moe.model.path", () -> Fixtures.dir("tiny-mixtral").toString());
    }

    @LocalServerPort
    int httpPort;

    @LocalGrpcPort
    int grpcPort;

    @Test
    void readinessIsUpWithTheHostedExperts() {
        Map<?, ?> readiness = RestClient.create("http://127.0.0.1:" + httpPort).get()
                .uri("/actuator/health/readiness").retrieve().body(Map.class);
        assertThat(readiness.get("status")).isEqualTo("UP");
        Map<?, ?> health = RestClient.create("http://127.0.0.1:" + httpPort).get().uri("/actuator/health")
                .retrieve().body(Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
    }

    @Test
    void malformedBatchEndsTheStreamWithInvalidArgument() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            CompletableFuture<Status> closed = new CompletableFuture<>();
            StreamObserver<ActivationBatch> requests = ExpertServiceGrpc.newStub(channel)
                    .stream(new StreamObserver<>() {
                        @Override
                        public void onNext(ExpertResultBatch value) {
                            closed.completeExceptionally(new AssertionError("unexpected result " + value));
                        }

                        @Override
                        public void onError(Throwable t) {
                            closed.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            closed.completeExceptionally(new AssertionError("stream completed without error"));
                        }
                    });
            requests.onNext(ActivationBatch.newBuilder().setRequestStepId(1).setLayer(0).build()); // no hidden tensor

            Status status = closed.get(10, TimeUnit.SECONDS);

            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLayerStepLargerThanGrpcsDefaultFourMebibytesGoesThrough() throws Exception {
        // tiny-mixtral: hidden 64, top-2; 20 000 tokens = 5.1 MB of activations, 10.2 MB of answers
        int tokens = 20_000;
        int hidden = 64;
        int[] index = new int[tokens];
        float[] x = new float[tokens * hidden];
        int[] physical = new int[tokens * 2];
        for (int t = 0; t < tokens; t++) {
            index[t] = t;
            x[t * hidden + t % hidden] = 1f;
            physical[2 * t] = t % 8;
            physical[2 * t + 1] = (t + 3) % 8;
        }
        try (GrpcExpertTransport transport = new GrpcExpertTransport(List.of(Channels.forTarget("127.0.0.1:" + grpcPort)))) {
            InstanceResult r = transport.execute(0, new InstanceBatch(1, 0, 1, index, x, hidden, 2, physical))
                    .get(60, TimeUnit.SECONDS);
            assertThat(r.rows()).isEqualTo(2 * tokens);
            assertThat(r.outputs()).hasSize(2 * tokens * hidden);
        }
    }
}
