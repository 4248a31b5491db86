package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * A gateway started with its defaults (no moe.gateway.admin-keys), as a new user would: the
 * admin realm is closed, not open. Every /admin request, with any credentials or none, is a 401
 * problem saying no admin key is configured, the placement-service stand-in sees no request at
 * all, and the start logs a WARN saying so. The model API stays open (no API keys).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moe.gateway.rate-limit.backend=memory")
class GatewayNoAdminKeyTest extends RunningGatewayTest {

    static final AtomicInteger PLACEMENT_HITS = new AtomicInteger();

    @RegisterExtension
    static final StandInUpstreams UPSTREAMS = new StandInUpstreams(StandInUpstreams.NO_MODELS, r -> r.route(req -> true,
            (req, res) -> {
                PLACEMENT_HITS.incrementAndGet();
                return res.header("Content-Type", "application/json").sendString(Mono.just("{\"open\":true}"));
            }));

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void everyAdminRequestIs401AndNothingIsForwarded(CapturedOutput output) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:anything".getBytes(StandardCharsets.UTF_8));
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE}) {
            for (String path : new String[] {"/admin/placement", "/admin/placement/ui", "/admin/placement/plans/x/apply",
                    "/admin/scaler/decisions"}) {
                for (String authorization : new String[] {null, "Bearer made-up", basic, ""}) {
                    var request = client().method(method).uri(path);
                    if (authorization != null) {
                        request = request.header(HttpHeaders.AUTHORIZATION, authorization);
                    }
                    request.exchange()
                            .expectStatus().isUnauthorized()
                            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"janus-admin\"")
                            .expectBody()
                            .jsonPath("$.status").isEqualTo(401)
                            .jsonPath("$.code").isEqualTo("admin_key_not_configured")
                            .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("No admin key is configured"))
                            .jsonPath("$.instance").isEqualTo(path);
                }
            }
        }
        assertThat(PLACEMENT_HITS.get()).as("requests that reached placement-service").isZero();
        assertThat(output.getAll()).contains("WARN").contains("No admin key is configured (moe.gateway.admin-keys)");
    }

    @Test
    void theModelApiStaysOpenWithoutApiKeys() {
        client().get().uri("/v1/models").exchange().expectStatus().isOk();
    }

    @Test
    void actuatorShowsOnlyHealthAndPrometheus() {
        client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        client().get().uri("/actuator/info").exchange().expectStatus().isNotFound();
    }
}
