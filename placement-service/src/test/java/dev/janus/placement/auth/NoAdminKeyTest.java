package dev.janus.placement.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Without a configured admin key the admin API is closed, not open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.placement-service.admin-keys=",
        "moe.placement-service.attention.uris=", "moe.placement-service.experts.uris=",
        "spring.datasource.url=jdbc:h2:mem:nokey;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
class NoAdminKeyTest {

    @LocalServerPort
    int port;

    @Test
    void everyAdminRequestIsRefusedEvenWithAKey() {
        AdminHttp admin = new AdminHttp(port);
        for (AdminHttp.Reply r : new AdminHttp.Reply[] {admin.get("/admin/placement"),
                admin.send("GET", "/admin/placement/plans", null, null, null)}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.challenges()).containsExactly("Bearer realm=\"janus-admin\"");
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("code").asText()).isEqualTo("admin_key_not_configured");
            assertThat(r.json().get("detail").asText()).contains("No admin key is configured");
        }
        assertThat(admin.send("GET", "/actuator/health", null, null, null).status()).isEqualTo(200);
    }
}
