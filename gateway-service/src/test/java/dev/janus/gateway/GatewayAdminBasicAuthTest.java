package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * The admin realm also accepts HTTP Basic whose password is an admin key (a browser opening
 * placement-service's page through the gateway), forwards the Authorization header unchanged to
 * placement-service (which checks its own key), refuses wrong credentials with a Basic challenge
 * and RFC 7807 JSON, and wants X-Requested-With on Basic-authenticated changes (CSRF).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.api-keys=sk-good",
        "moe.gateway.admin-keys=admin-secret,second-admin",
        "moe.gateway.rate-limit.backend=memory"})
class GatewayAdminBasicAuthTest extends RunningGatewayTest {

    static final String CHALLENGE = "Basic realm=\"janus-admin\", charset=\"UTF-8\"";

    /** The placement-service stand-in echoes what reached it; /admin/placement/challenge answers its own 401. */
    @RegisterExtension
    static final StandInUpstreams UPSTREAMS = new StandInUpstreams(StandInUpstreams.NO_MODELS, r -> r.route(
            req -> req.uri().startsWith("/admin/placement"),
            (req, res) -> req.uri().equals("/admin/placement/challenge")
                    ? res.status(401).header("WWW-Authenticate", CHALLENGE).header("Content-Type", "application/problem+json")
                            .sendString(Mono.just("{\"status\":401,\"code\":\"invalid_admin_key\"}"))
                    : res.header("Content-Type", "application/json").sendString(Mono.just(
                            "{\"method\":\"" + req.method().name() + "\",\"path\":\"" + req.uri()
                                    + "\",\"authorization\":\"" + req.requestHeaders().get(HttpHeaders.AUTHORIZATION, "")
                                    + "\",\"x_requested_with\":\"" + req.requestHeaders().get("X-Requested-With", "") + "\"}"))));

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicWithAnAdminKeyAsPasswordIsRoutedToPlacementWithTheHeaderUnchanged() {
        for (String authorization : new String[] {basic("admin:admin-secret"), basic("anyone:second-admin"),
                basic(":admin-secret"), "Bearer admin-secret"}) {
            client().get().uri("/admin/placement/ui").header(HttpHeaders.AUTHORIZATION, authorization).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.path").isEqualTo("/admin/placement/ui")
                    .jsonPath("$.authorization").isEqualTo(authorization);
        }
        client().get().uri("/admin/placement").header(HttpHeaders.AUTHORIZATION, basic("admin:admin-secret")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/admin/placement");
    }

    @Test
    void wrongOrMissingCredentialsAre401WithABasicChallengeAndProblemJson() {
        for (String authorization : new String[] {basic("admin:wrong"), basic("admin-secret"), basic("admin-secret:"),
                "Basic not*base64", "Bearer wrong", null}) {
            var request = client().get().uri("/admin/placement/ui");
            if (authorization != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            var result = request.exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(401)
                    .jsonPath("$.code").isEqualTo("invalid_admin_key")
                    .jsonPath("$.instance").isEqualTo("/admin/placement/ui")
                    .returnResult();
            assertThat(result.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).as(String.valueOf(authorization))
                    .contains(CHALLENGE, "Bearer realm=\"janus-admin\"");
        }
    }

    @Test
    void placementsOwnChallengeReachesTheBrowser() {
        client().get().uri("/admin/placement/challenge").header(HttpHeaders.AUTHORIZATION, basic("admin:admin-secret"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }

    @Test
    void basicIsNotAcceptedOnTheOpenAiApi() {
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, basic("user:sk-good")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key");
    }

    @Test
    void aChangeWithBasicCredentialsNeedsXRequestedWith() {
        client().post().uri("/admin/placement/plans").header(HttpHeaders.AUTHORIZATION, basic("admin:admin-secret"))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("csrf_header_required")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("X-Requested-With"));
        client().post().uri("/admin/placement/plans").header(HttpHeaders.AUTHORIZATION, basic("admin:admin-secret"))
                .header("X-Requested-With", "janus-admin-page").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("POST")
                .jsonPath("$.x_requested_with").isEqualTo("janus-admin-page");
        client().post().uri("/admin/placement/plans").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret").exchange()
                .expectStatus().isOk();
    }
}
