package dev.janus.scaler.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.support.AdminHttp;
import dev.janus.scaler.support.AdminHttp.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** No admin key configured: every admin request is refused, whatever it presents (fail closed). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoAdminKeyTest {

    @LocalServerPort
    int port;

    @Test
    void everyAdminRequestIs401() {
        AdminHttp admin = new AdminHttp(port);
        for (String key : new String[] {null, AdminHttp.KEY, ""}) {
            Reply r = admin.send("GET", "/admin/scaler/status", null, key);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("code").asString()).isEqualTo("admin_key_not_configured");
        }
        assertThat(admin.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
    }
}
