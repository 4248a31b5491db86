package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Mono;

/** API keys, admin keys and the in-memory per-key limiter, with stand-in attention and placement. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.api-keys=sk-good,sk-limited",
        "moe.gateway.admin-keys=admin-secret",
        "moe.gateway.rate-limit.backend=memory",
        "moe.gateway.rate-limit.replenish-per-second=1",
        "moe.gateway.rate-limit.burst=3"})
class GatewayKeysAndLimitsTest extends RunningGatewayTest {

    @RegisterExtension
    static final StandInUpstreams UPSTREAMS = new StandInUpstreams(StandInUpstreams.NO_MODELS,
            r -> r.get("/admin/placement/epoch", (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"epoch\":7}"))));

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void missingKeyIs401InOpenAiShape() {
        client().get().uri("/v1/models").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.code").isEqualTo("invalid_api_key")
                .jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.error.param").hasJsonPath()
                .jsonPath("$.error.param").isEmpty(); // present, null
    }

    @Test
    void wrongKeyIs401() {
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer sk-wrong").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key");
    }

    @Test
    void configuredKeyIsRouted() {
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("{\"data\":[]}");
    }

    @Test
    void aKeyPastItsBurstGets429WithRetryAfter() {
        // burst 3 at 1 token/s: within burst + 3 quick requests one is refused, however slow this machine
        EntityExchangeResult<String> refused = null;
        int accepted = 0;
        for (int i = 0; i < 6 && refused == null; i++) {
            EntityExchangeResult<String> result = client().get().uri("/v1/models")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer sk-limited").exchange()
                    .expectBody(String.class).returnResult();
            if (result.getStatus().value() == 429) {
                refused = result;
            } else {
                assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
                accepted++;
            }
        }
        assertThat(refused).as("a 429 after the burst").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(3);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(refused.getResponseBody())
                .contains("\"type\":\"rate_limit_exceeded\"", "\"code\":\"rate_limit_exceeded\"", "\"param\":null");
        // another key's bucket is untouched
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good").exchange()
                .expectStatus().isOk();
    }

    @Test
    void anApiKeyOnTheAdminRouteIs403ProblemJson() {
        client().get().uri("/admin/placement/epoch").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.title").isEqualTo("Forbidden")
                .jsonPath("$.code").isEqualTo("api_key_not_admin")
                .jsonPath("$.instance").isEqualTo("/admin/placement/epoch");
    }

    @Test
    void adminRouteWithAdminKeyReachesPlacement() {
        client().get().uri("/admin/placement/epoch").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.epoch").isEqualTo(7);
    }

    @Test
    void adminKeyIsNotAnApiKey() {
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("admin_key_not_api_key");
    }

    @Test
    void unreachableScalerIs503ProblemJson() {
        client().get().uri("/admin/scaler/decisions").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(503);
    }
}
