package dev.janus.expert.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.grpc.Channels;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.model.golden.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * MoE instance 0 of two (tiny-mixtral, start epoch 1 = round robin): placement-service's
 * prepare / release over HTTP, and batches naming prepared, released and unknown epochs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "moe.placement.instances=2", "moe.expert.instance-id=0",
                "moe.internal.token=" + PlacementControlTest.TOKEN})
class PlacementControlTest {

    static final String TOKEN = "test-internal-token";

    // epoch 2: instance 0 hosts experts 7, 6, 5, 4 at physical 0..3 (epoch 1 hosts 0, 2, 4, 6)
    private static final PlacementEpoch V2 = PlacementEpoch.uniform(2, 4, 8, 2, new int[] {7, 6, 5, 4, 3, 2, 1, 0});
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("moe.model.path", () -> Fixtures.dir("tiny-mixtral").toString());
    }

    @LocalServerPort
    int httpPort;

    @LocalGrpcPort
    int grpcPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesEveryPreparedEpochUntilItIsReleased() throws Exception {
        HttpResponse<String> prepared = send("PUT", "/internal/placement/epochs/2", PlacementJson.encode(V2));
        assertThat(prepared.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(prepared.body()).get("hosted_experts").asInt()).isEqualTo(16); // 4 per layer
        assertThat(versions()).containsExactly(1L, 2L);

        try (GrpcExpertTransport transport = new GrpcExpertTransport(List.of(Channels.forTarget("127.0.0.1:" + grpcPort)))) {
            assertThat(call(transport, 1, 0).rows()).isEqualTo(1); // physical 0 of epoch 1 = expert 0
            assertThat(call(transport, 2, 3).rows()).isEqualTo(1); // physical 3 of epoch 2 = expert 4

            assertThat(send("DELETE", "/internal/placement/epochs/1", null).statusCode()).isEqualTo(204);
            assertThat(send("DELETE", "/internal/placement/epochs/1", null).statusCode()).as("idempotent").isEqualTo(204);
            assertThat(versions()).containsExactly(2L);
        }
        try (GrpcExpertTransport transport = new GrpcExpertTransport(List.of(Channels.forTarget("127.0.0.1:" + grpcPort)))) {
            assertThat(call(transport, 2, 0).rows()).isEqualTo(1);
        }
        try (GrpcExpertTransport transport = new GrpcExpertTransport(List.of(Channels.forTarget("127.0.0.1:" + grpcPort)))) {
            ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> call(transport, 1, 0));
            assertThat(e.getCause()).isInstanceOf(ExpertCallException.class)
                    .hasMessageContaining("placement epoch 1 is not prepared on this MoE instance (serving [2])");
        }
    }

    @Test
    void badEpochsAreRefusedWithProblemDetails() throws Exception {
        HttpResponse<String> mismatch = send("PUT", "/internal/placement/epochs/5", PlacementJson.encode(V2));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(JSON.readTree(mismatch.body()).get("detail").asText()).contains("the body is epoch 2, the path names 5");

        HttpResponse<String> invalid = send("PUT", "/internal/placement/epochs/3",
                "{\"version\":3,\"logical_experts\":8,\"instances\":2,\"layers\":[[0,1,2,3,4,5,6,6]]}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("detail").asText()).contains("logical expert 7 has no replica");

        HttpResponse<String> otherModel = send("PUT", "/internal/placement/epochs/3",
                PlacementJson.encode(PlacementEpoch.roundRobin(3, 2, 8, 2, 0, null)));
        assertThat(otherModel.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(otherModel.body()).get("detail").asText()).contains("2 layers").contains("4 layers");
    }

    private InstanceResult call(GrpcExpertTransport transport, long epoch, int physical) throws Exception {
        float[] x = new float[64];
        x[3] = 1f;
        return transport.execute(0, new InstanceBatch(1, 0, epoch, new int[] {0}, x, 64, 2, new int[] {physical, -1}))
                .get(10, TimeUnit.SECONDS);
    }

    private List<Long> versions() throws Exception {
        JsonNode body = JSON.readTree(send("GET", "/internal/placement/epochs", null).body());
        return java.util.stream.StreamSupport.stream(body.get("versions").spliterator(), false).map(JsonNode::asLong).toList();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
