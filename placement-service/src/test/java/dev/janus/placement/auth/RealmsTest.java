package dev.janus.placement.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * placement-service's two realms over HTTP, one row per route and credential: the admin API
 * (/admin/**: admin keys) and the control plane (/internal/**: the internal token). 401 when the
 * caller is not known (no key, a wrong one), 403 when it presents the other realm's key (the
 * internal token on /admin, an admin key on /internal); every refusal is RFC 7807. With the
 * right key each route answers as it does (a rollback with no earlier epoch is a 409). Actuator
 * shows only health and prometheus.
 */
class RealmsTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(1, 4, 2, 0, 1, new Snapshots(1, 4).tokens(0, 1, 10).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "realms");
    }

    private static final String NONE = null;
    private static final String WRONG = "wrong-key";

    /** method, path, the realm's own key, the other realm's key, status with the own key. */
    private static final List<Object[]> ROUTES = List.of(
            new Object[] {"GET", "/admin/placement", AdminHttp.KEY, AdminHttp.INTERNAL_TOKEN, 200},
            new Object[] {"POST", "/admin/placement/rollback", AdminHttp.KEY, AdminHttp.INTERNAL_TOKEN, 409},
            new Object[] {"GET", "/admin/placement/ui", AdminHttp.KEY, AdminHttp.INTERNAL_TOKEN, 200},
            new Object[] {"GET", "/internal/placement/current", AdminHttp.INTERNAL_TOKEN, AdminHttp.KEY, 200});

    static Stream<Arguments> requests() {
        List<Arguments> rows = new ArrayList<>();
        for (Object[] r : ROUTES) {
            boolean admin = r[1].toString().startsWith("/admin");
            String unknown = admin ? "invalid_admin_key" : "invalid_internal_token";
            String otherRealm = admin ? "admin_key_required" : "internal_token_required";
            rows.add(Arguments.of(r[0], r[1], NONE, 401, unknown));
            rows.add(Arguments.of(r[0], r[1], WRONG, 401, unknown));
            rows.add(Arguments.of(r[0], r[1], r[3], 403, otherRealm));
            rows.add(Arguments.of(r[0], r[1], r[2], r[4], null));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} with {2} -> {3} {4}")
    @MethodSource("requests")
    void eachRouteTakesOnlyItsRealmsKey(String method, String path, String key, int status, String code) {
        Reply r = admin.send(method, path, null, key, null);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        if (code == null) {
            return;
        }
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("title").asText()).isEqualTo(status == 401 ? "Unauthorized" : "Forbidden");
        assertThat(problem.get("instance").asText()).isEqualTo(path);
        if (status == 401) {
            assertThat(r.challenges()).contains(path.startsWith("/admin") ? "Bearer realm=\"janus-admin\""
                    : "Bearer realm=\"janus-internal\"");
        }
    }

    @Test
    void basicCredentialsNeverOpenTheControlPlane() {
        Reply r = admin.sendWith("GET", "/internal/placement/current", null, null,
                Map.of("Authorization", AdminKeyTest.basic("x:" + AdminHttp.INTERNAL_TOKEN)));
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void actuatorShowsOnlyHealthAndPrometheus() {
        assertThat(admin.send("GET", "/actuator/health/readiness", null, null, null).status()).isEqualTo(200);
        assertThat(admin.send("GET", "/actuator/prometheus", null, null, null).status()).isEqualTo(200);
        assertThat(admin.send("GET", "/actuator/info", null, null, null).status()).isEqualTo(404);
    }
}
