package dev.janus.placement.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The admin key on the service itself: 401 without or with a wrong one, on every /admin path;
 * as Bearer or as the password of HTTP Basic (the page in a browser), Basic changes only with
 * X-Requested-With (CSRF); the page and its assets behind the same key.
 */
class AdminKeyTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(1, 4, 2, 0, 1, new Snapshots(1, 4).tokens(0, 1, 10).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "keys");
        registry.add("moe.placement-service.admin-keys", () -> "other-key," + AdminHttp.KEY);
    }

    @Test
    void missingOrWrongKeysAre401ProblemsAndTheRightKeyPasses() {
        for (String path : new String[] {"/admin/placement", "/admin/placement/plans", "/admin/nothing"}) {
            unauthorized(admin.send("GET", path, null, null, null), "Missing admin key");
            unauthorized(admin.send("GET", path, null, "wrong", null), "Incorrect admin key");
            unauthorized(admin.send("GET", path, null, AdminHttp.KEY + "x", null), "Incorrect admin key");
        }
        unauthorized(admin.send("POST", "/admin/placement/rollback", null, null, null), "Missing admin key");
        assertThat(admin.get("/admin/placement").status()).isEqualTo(200);
        assertThat(admin.send("GET", "/admin/placement", null, "other-key", null).status()).isEqualTo(200);
        // /internal takes only the internal token (RealmsTest); the probes stay open
        assertThat(admin.send("GET", "/internal/placement/current", null, null, null).status()).isEqualTo(401);
        assertThat(admin.send("GET", "/actuator/health", null, null, null).status()).isEqualTo(200);
    }

    @Test
    void pathTricksDoNotGetPastTheKey() {
        for (String path : new String[] {"/admin;x=1/placement", "//admin/placement", "/%61dmin/placement",
                "/admin/./placement", "/x/../admin/placement", "/admin/placement/", "/admin%2Fplacement"}) {
            Reply r = admin.send("GET", path, null, null, null);
            assertThat(r.status()).as(path + " -> " + r.text()).isIn(400, 401, 404);
            assertThat(r.text()).as(path).doesNotContain("\"history\"");
        }
    }

    @Test
    void basicCredentialsWithAnAdminKeyAsPasswordPassWhateverTheUserName() {
        for (String userPass : new String[] {"admin:" + AdminHttp.KEY, ":" + AdminHttp.KEY, "x:other-key",
                "someone:with:" + AdminHttp.KEY}) {
            Reply r = admin.sendWith("GET", "/admin/placement", null, null, Map.of("Authorization", basic(userPass)));
            assertThat(r.status()).as(userPass.startsWith("someone") ? "password = after the first colon" : userPass)
                    .isEqualTo(userPass.startsWith("someone") ? 401 : 200);
        }
        assertThat(admin.sendWith("GET", "/admin/placement", null, null,
                Map.of("Authorization", "basic " + Base64.getEncoder().encodeToString(("a:" + AdminHttp.KEY).getBytes(StandardCharsets.UTF_8))))
                .status()).as("scheme names are case-insensitive").isEqualTo(200);
        unauthorized(admin.sendWith("GET", "/admin/placement", null, null, Map.of("Authorization", basic("admin:wrong"))),
                "Incorrect admin key");
        unauthorized(admin.sendWith("GET", "/admin/placement", null, null, Map.of("Authorization", basic(AdminHttp.KEY + ":"))),
                "password must be one");
        unauthorized(admin.sendWith("GET", "/admin/placement", null, null, Map.of("Authorization", basic(AdminHttp.KEY))),
                "password must be one");
        unauthorized(admin.sendWith("GET", "/admin/placement", null, null, Map.of("Authorization", "Basic %%%not-base64")),
                "password must be one");
    }

    @Test
    void aChangeWithBasicCredentialsNeedsXRequestedWithButBearerDoesNot() {
        Reply forged = admin.sendWith("POST", "/admin/placement/rollback", null, null,
                Map.of("Authorization", basic("admin:" + AdminHttp.KEY)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(forged.json().get("code").asText()).isEqualTo("csrf_header_required");
        assertThat(forged.json().get("detail").asText()).contains("X-Requested-With");
        // past the key and the CSRF check: the rollback itself answers (there is no earlier epoch)
        Reply fromPage = admin.sendWith("POST", "/admin/placement/rollback", null, null,
                Map.of("Authorization", basic("admin:" + AdminHttp.KEY), "X-Requested-With", "janus-admin-page"));
        assertThat(fromPage.status()).as(fromPage.text()).isEqualTo(409);
        assertThat(admin.post("/admin/placement/rollback", null).status()).isEqualTo(409);
        assertThat(admin.sendWith("GET", "/admin/placement/plans", null, null,
                Map.of("Authorization", basic("admin:" + AdminHttp.KEY))).status()).as("reads need no header").isEqualTo(200);
    }

    @Test
    void thePageAndItsAssetsAreBehindTheKey() {
        for (String path : new String[] {"/admin/placement/ui", "/admin/placement/ui/", "/admin/placement/ui/app.js",
                "/admin/placement/ui/style.css", "/admin/placement/ui/index.html"}) {
            unauthorized(admin.send("GET", path, null, null, null), "Missing admin key");
        }
        Map<String, String> browser = Map.of("Authorization", basic("admin:" + AdminHttp.KEY));
        Reply page = admin.sendWith("GET", "/admin/placement/ui", null, null, browser);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("<script src=\"/admin/placement/ui/app.js\"", "/admin/placement/ui/style.css");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(admin.sendWith("GET", "/admin/placement/ui/", null, null, browser).text()).isEqualTo(page.text());
        Reply script = admin.sendWith("GET", "/admin/placement/ui/app.js", null, null, browser);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.text()).contains("/stats/history?layer=");
        Reply style = admin.sendWith("GET", "/admin/placement/ui/style.css", null, null, browser);
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.contentType()).startsWith("text/css");
        Reply missing = admin.sendWith("GET", "/admin/placement/ui/nothing.js", null, null, browser);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        // the page is for people: not part of the API's OpenAPI document
        JsonNode paths = admin.send("GET", "/v3/api-docs", null, null, null).json().get("paths");
        assertThat(paths.has("/admin/placement/stats/history")).isTrue();
        assertThat(paths.propertyNames()).noneMatch(p -> p.startsWith("/admin/placement/ui"));
    }

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    static void unauthorized(Reply r, String detail) {
        assertThat(r.status()).isEqualTo(401);
        // a browser shows its login dialog for the Basic challenge; scripts see Bearer
        assertThat(r.challenges()).contains("Bearer realm=\"janus-admin\"",
                "Basic realm=\"janus-admin\", charset=\"UTF-8\"");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains(detail);
        assertThat(r.json().get("code").asText()).isEqualTo("invalid_admin_key");
    }
}
