package dev.janus.expert.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.golden.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * expert-service's control plane (/internal/placement/epochs/**) over HTTP, one row per route and
 * credential: no key, a wrong key, an admin key (no realm here: just wrong) and the internal
 * token. Refusals are RFC 7807 401s with a Bearer challenge; with the token each route answers
 * as it does. Actuator shows only health and prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "moe.internal.token=" + ControlPlaneAuthTest.TOKEN})
class ControlPlaneAuthTest {

    static final String TOKEN = "expert-internal-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** method, path, body, status with the token. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/internal/placement/epochs", null, "200"},
            new String[] {"PUT", "/internal/placement/epochs/9", "{}", "400"},
            new String[] {"DELETE", "/internal/placement/epochs/9", null, "204"});

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("moe.model.path", () -> Fixtures.dir("tiny-mixtral").toString());
    }

    @LocalServerPort
    int port;

    static Stream<Arguments> requests() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] r : ROUTES) {
            rows.add(Arguments.of(r[0], r[1], r[2], null, 401, "invalid_internal_token"));
            rows.add(Arguments.of(r[0], r[1], r[2], "Bearer wrong-token", 401, "invalid_internal_token"));
            rows.add(Arguments.of(r[0], r[1], r[2], "Bearer admin-secret", 401, "invalid_internal_token"));
            rows.add(Arguments.of(r[0], r[1], r[2], "Bearer " + TOKEN, Integer.parseInt(r[3]), null));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} with {3} -> {4}")
    @MethodSource("requests")
    void eachRouteWantsTheInternalToken(String method, String path, String body, String authorization, int status,
                                        String code) throws Exception {
        HttpResponse<String> r = send(method, path, body, authorization);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (code != null) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"janus-internal\"");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("code").asText()).isEqualTo(code);
            assertThat(problem.get("instance").asText()).isEqualTo(path);
        }
    }

    @Test
    void actuatorShowsOnlyHealthAndPrometheus() throws Exception {
        assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/info", null, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
