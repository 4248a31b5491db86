package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * attention-service's control plane (/internal/**) over HTTP, one row per route and credential:
 * no key, a wrong key, an admin key (a key of no realm here: just wrong) and the internal token.
 * Refusals are RFC 7807 with a Bearer challenge; with the token each route answers as it does
 * (the placement routes 409: this service runs its experts in process). The OpenAI API and the
 * probes stay open, and /actuator shows only health and prometheus.
 */
@ApiTest
class ControlPlaneAuthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** method, path, status with the token. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/internal/activation-stats", "200"},
            new String[] {"GET", "/internal/activation-stats/routing", "200"},
            new String[] {"GET", "/internal/placement/current", "409"},
            new String[] {"PUT", "/internal/placement/current", "409"});

    @LocalServerPort
    int port;

    static Stream<Arguments> requests() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] route : ROUTES) {
            rows.add(Arguments.of(route[0], route[1], null, 401, "invalid_internal_token"));
            rows.add(Arguments.of(route[0], route[1], "Bearer wrong-token", 401, "invalid_internal_token"));
            rows.add(Arguments.of(route[0], route[1], "Bearer admin-secret", 401, "invalid_internal_token"));
            rows.add(Arguments.of(route[0], route[1], "Bearer " + ApiTest.INTERNAL_TOKEN, Integer.parseInt(route[2]), null));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} with {2} -> {3}")
    @MethodSource("requests")
    void eachRouteWantsTheInternalToken(String method, String path, String authorization, int status, String code) {
        HttpResponse<String> r = send(method, path, authorization);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (code != null) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"janus-internal\"");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("code").asString()).isEqualTo(code);
            assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
            assertThat(problem.get("instance").asString()).isEqualTo(path);
        }
    }

    @Test
    void pathTricksDoNotGetPastTheToken() {
        for (String path : new String[] {"//internal/activation-stats", "/internal;x=1/activation-stats",
                "/%69nternal/activation-stats", "/v1/../internal/activation-stats", "/internal/./activation-stats"}) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(r.body()).as(path).doesNotContain("\"counts\"");
        }
    }

    @Test
    void theApiAndTheProbesNeedNoTokenAndActuatorShowsOnlyHealthAndPrometheus() {
        assertThat(send("GET", "/v1/models", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/info", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/actuator/env", null).statusCode()).isEqualTo(404);
        JsonNode links = JSON.readTree(send("GET", "/actuator", null).body()).get("_links");
        assertThat(links.propertyNames()).allMatch(name -> name.equals("self") || name.startsWith("health")
                || name.equals("prometheus"));
    }

    private HttpResponse<String> send(String method, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (method.equals("PUT")) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
