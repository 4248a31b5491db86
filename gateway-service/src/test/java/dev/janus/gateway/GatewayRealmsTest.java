package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's two realms, one row per route family and credential: no key, a wrong key, the
 * other realm's key, the realm's own key. 401 when the caller is not known, 403 for a key of the
 * other realm (an API key on /admin, an admin key on /v1); the model API answers in OpenAI's
 * error shape, the admin routes in RFC 7807. Upstream admin errors that are not problems (an HTML
 * page, Boot's default JSON) reach the client as problems with the upstream's status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.api-keys=sk-good",
        "moe.gateway.admin-keys=admin-secret",
        "moe.gateway.rate-limit.backend=memory",
        "moe.gateway.rate-limit.burst=10000",
        "moe.gateway.rate-limit.replenish-per-second=10000"})
class GatewayRealmsTest extends RunningGatewayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final StandInUpstreams UPSTREAMS = new StandInUpstreams(StandInUpstreams.NO_MODELS, r -> r
            .get("/admin/placement/html-error", (req, res) -> res.status(500).header("Content-Type", "text/html")
                    .sendString(Mono.just("<html><body><h1>Whitelabel Error Page</h1><pre>at dev.janus.Secret</pre></body></html>")))
            .get("/admin/placement/boot-error", (req, res) -> res.status(404).header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"status\":404,\"error\":\"Not Found\","
                            + "\"path\":\"/admin/placement/boot-error\"}")))
            .get("/admin/placement/empty-error", (req, res) -> res.status(503).send())
            .get("/admin/placement/problem", (req, res) -> res.status(409).header("Content-Type", "application/problem+json")
                    .sendString(Mono.just("{\"status\":409,\"detail\":\"a rollout is running\",\"code\":\"rollout_running\"}")))
            .route(req -> req.uri().startsWith("/admin/placement"), (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"forwarded\":true}"))));

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    static Stream<Arguments> requests() {
        String basicApiKey = "Basic " + Base64.getEncoder().encodeToString("u:sk-good".getBytes(StandardCharsets.UTF_8));
        List<Arguments> rows = new ArrayList<>();
        // path, Authorization, status, code (null: the upstream's answer)
        for (String path : new String[] {"/admin/placement/epoch", "/admin/scaler/decisions"}) {
            boolean scaler = path.contains("scaler");
            rows.add(Arguments.of(path, null, 401, "invalid_admin_key"));
            rows.add(Arguments.of(path, "Bearer wrong", 401, "invalid_admin_key"));
            rows.add(Arguments.of(path, "Bearer sk-good", 403, "api_key_not_admin"));
            rows.add(Arguments.of(path, basicApiKey, 403, "api_key_not_admin"));
            rows.add(Arguments.of(path, "Bearer admin-secret", scaler ? 503 : 200, scaler ? "service_unavailable" : null));
        }
        rows.add(Arguments.of("/v1/models", null, 401, "invalid_api_key"));
        rows.add(Arguments.of("/v1/models", "Bearer wrong", 401, "invalid_api_key"));
        rows.add(Arguments.of("/v1/models", "Bearer admin-secret", 403, "admin_key_not_api_key"));
        rows.add(Arguments.of("/v1/models", "Bearer sk-good", 200, null));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} with {1} -> {2} {3}")
    @MethodSource("requests")
    void eachRealmTakesOnlyItsOwnKeys(String path, String authorization, int status, String code) {
        var request = client().get().uri(path);
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult();
        if (code == null) {
            return;
        }
        JsonNode body = JSON.readTree(result.getResponseBody());
        if (path.startsWith("/admin")) {
            assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(body.get("status").asInt()).isEqualTo(status);
            assertThat(body.get("code").asString()).isEqualTo(code);
            assertThat(body.get("title").asString()).isNotBlank();
            assertThat(body.get("detail").asString()).isNotBlank();
            assertThat(body.get("instance").asString()).isEqualTo(path);
        } else {
            assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(body.get("error").get("code").asString()).isEqualTo(code);
            assertThat(body.get("error").get("type").asString()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void upstreamErrorsThatAreNoProblemsBecomeProblemsWithTheirStatus() {
        for (String[] c : new String[][] {{"/admin/placement/html-error", "500", "internal_server_error"},
                {"/admin/placement/boot-error", "404", "not_found"}, {"/admin/placement/empty-error", "503", "service_unavailable"}}) {
            EntityExchangeResult<byte[]> r = client().get().uri(c[0]).header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret")
                    .exchange().expectStatus().isEqualTo(Integer.parseInt(c[1]))
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().returnResult();
            String text = new String(r.getResponseBody(), StandardCharsets.UTF_8);
            assertThat(text).as(c[0]).doesNotContain("<html", "Whitelabel", "dev.janus.Secret", "timestamp");
            JsonNode problem = JSON.readTree(text);
            assertThat(problem.get("status").asInt()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(problem.get("code").asString()).isEqualTo(c[2]);
            assertThat(problem.get("instance").asString()).isEqualTo(c[0]);
        }
        client().get().uri("/admin/placement/problem").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("rollout_running").jsonPath("$.detail").isEqualTo("a rollout is running");
    }
}
