package dev.janus.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.support.AdminHttp;
import dev.janus.scaler.support.AdminHttp.Reply;
import dev.janus.scaler.support.StubPrometheus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The admin API over HTTP, signals from a stub Prometheus, the dry-run actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.scaler.admin-keys=" + AdminHttp.KEY,
        "moe.internal.token=test-internal-token",
        "moe.scaler.model=deepseek-v2-like",
        "moe.scaler.attention.initial=1", "moe.scaler.moe.initial=8",
        "moe.scaler.auto.evaluate-every=1h"})
class ScalerApiTest {

    static final StubPrometheus PROMETHEUS = new StubPrometheus()
            .value("janus_requests_total", "40")
            .value("janus_prompt_tokens_total", String.valueOf(40 * 512))
            .value("janus_generation_tokens_total", String.valueOf(40 * 256));

    @DynamicPropertySource
    static void prometheus(DynamicPropertyRegistry registry) {
        registry.add("moe.scaler.signals.prometheus-url", () -> PROMETHEUS.uri().toString());
    }

    @AfterAll
    static void stop() {
        PROMETHEUS.close();
    }

    @LocalServerPort
    int port;

    AdminHttp admin() {
        return new AdminHttp(port);
    }

    @Test
    void planAnswersWithBaselines() {
        Reply r = admin().get("/admin/scaler/plan?rate=20&slo_ms=100&prompt_tokens=512&output_tokens=256");
        assertThat(r.status()).isEqualTo(200);
        JsonNode plan = r.json();
        assertThat(plan.path("feasible").asBoolean()).isTrue();
        assertThat(plan.path("attention_instances").asInt()).isPositive();
        assertThat(plan.path("moe_instances").asInt()).isBetween(1, 32);
        assertThat(plan.path("predicted_tpot_ms").asDouble()).isLessThanOrEqualTo(100.0);
        assertThat(plan.path("baselines").path("monolithic").has("gpus")).isTrue();
        assertThat(plan.path("baselines").path("static").has("tokens_per_second_per_gpu")).isTrue();
        assertThat(plan.path("model").asString()).isEqualTo("deepseek-v2-like");
        assertThat(plan.path("profile").asString()).isEqualTo("h100-sxm");
    }

    @Test
    void badPlanParametersAreProblems() {
        for (String q : new String[] {"rate=-1", "rate=abc", "", "rate=1&slo_ms=0", "rate=1&output_tokens=x"}) {
            Reply r = admin().get("/admin/scaler/plan?" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.contentType()).as(q).startsWith("application/problem+json");
            assertThat(r.json().path("code").asString()).as(q).isNotBlank();
        }
        assertThat(admin().get("/admin/scaler/plan?rate=-1").json().path("code").asString()).isEqualTo("invalid_request");
    }

    @Test
    void everyAdminRequestNeedsTheKey() {
        Reply none = admin().send("GET", "/admin/scaler/status", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(admin().send("POST", "/admin/scaler/apply", null, "wrong").status()).isEqualTo(401);
        Reply internal = admin().send("GET", "/admin/scaler/config", null, "test-internal-token");
        assertThat(internal.status()).isEqualTo(403);
        assertThat(internal.json().path("code").asString()).isEqualTo("admin_key_required");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        Reply unknown = admin().get("/admin/scaler/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Reply outside = admin().send("GET", "/nowhere", null, null);
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.contentType()).startsWith("application/problem+json");
        Reply method = admin().send("DELETE", "/admin/scaler/config", null, AdminHttp.KEY);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.contentType()).startsWith("application/problem+json");
    }

    @Test
    void configRoundTripsInSnakeCaseAndIsValidated() {
        JsonNode config = admin().get("/admin/scaler/config").json();
        assertThat(config.path("slo_ms").asDouble()).isEqualTo(200.0);
        assertThat(config.path("mode").asString()).isEqualTo("manual");
        assertThat(config.path("attention").path("max").asInt()).isEqualTo(32);

        String bad = """
                {"slo_ms": 80, "attention": {"min": 4, "max": 2}, "moe": {"min": 1, "max": 16},
                 "cooldown_seconds": 60, "stable_evaluations": 2, "margin": 0, "mode": "auto",
                 "prompt_tokens": 512, "output_tokens": 256}""";
        Reply refused = admin().put("/admin/scaler/config", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(admin().put("/admin/scaler/config", "{not json").status()).isEqualTo(400);

        String good = bad.replace("\"min\": 4, \"max\": 2", "\"min\": 1, \"max\": 32").replace("\"auto\"", "\"manual\"");
        Reply accepted = admin().put("/admin/scaler/config", good);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(admin().get("/admin/scaler/config").json().path("slo_ms").asDouble()).isEqualTo(80.0);
        admin().put("/admin/scaler/config", good.replace("\"slo_ms\": 80", "\"slo_ms\": 200"));
    }

    @Test
    void applyDryRunThenApplyAndTheStatusShowsBoth() {
        JsonNode dry = admin().post("/admin/scaler/apply?dry_run=true").json();
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("to").isNull() || dry.path("to").isMissingNode()).isTrue();
        JsonNode wanted = dry.path("wanted");
        assertThat(wanted.path("attention").asInt()).isPositive();

        JsonNode applied = admin().post("/admin/scaler/apply").json();
        assertThat(applied.path("to")).isEqualTo(applied.path("wanted"));

        JsonNode status = admin().get("/admin/scaler/status").json();
        assertThat(status.path("actuator").asString()).isEqualTo("dry-run");
        assertThat(status.path("current")).isEqualTo(applied.path("to"));
        assertThat(status.path("signals").path("requests_per_second").asDouble()).isEqualTo(40.0);
        assertThat(status.path("decisions").size()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("decisions").get(0).path("trigger").asString()).isEqualTo("apply");
    }

    @Test
    void openApiDocumentListsTheAdminApi() {
        Reply doc = admin().send("GET", "/v3/api-docs", null, null);
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().path("paths");
        assertThat(paths.has("/admin/scaler/plan")).isTrue();
        assertThat(paths.has("/admin/scaler/status")).isTrue();
        assertThat(paths.has("/admin/scaler/apply")).isTrue();
        assertThat(paths.has("/admin/scaler/config")).isTrue();
    }
}
