package dev.janus.placement.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every error is an RFC 7807 problem: ours, Spring MVC's, and the container's; never a stack trace. */
class ProblemResponsesTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 4, 2, 0, 1, new Snapshots(2, 4).tokens(0, 1, 10).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "problems");
    }

    @Test
    void unknownPathsAndMethodsAndMediaTypes() {
        problem(admin.get("/admin/placement/nothing-here"), 404, "not_found");
        problem(admin.get("/admin/other"), 404, "not_found");
        problem(admin.send("GET", "/not-admin", null, null, null), 404, "not_found");
        problem(admin.delete("/admin/placement"), 405, "method_not_allowed");
        problem(admin.send("POST", "/admin/placement/plans", "policy=janus", AdminHttp.KEY, "text/plain"), 415,
                "unsupported_media_type");
    }

    @Test
    void malformedOrInvalidBodies() {
        problem(admin.post("/admin/placement/plans", "{\"policy\": "), 400, "bad_request");
        problem(admin.post("/admin/placement/plans", "{\"redundant_slots\": \"many\"}"), 400, "bad_request");
        JsonNode negative = problem(admin.post("/admin/placement/plans", "{\"redundant_slots\": -1}"), 400, "bad_request");
        assertThat(negative.get("errors").get(0).get("field").asText()).isEqualTo("redundant_slots");
        JsonNode policy = problem(admin.post("/admin/placement/plans", "{\"policy\": \"best\"}"), 400, "invalid_request");
        assertThat(policy.get("detail").asText()).contains("janus, eplb, round-robin");
        problem(admin.post("/admin/placement/plans", "{\"redundant_slots\": 5}"), 400, "invalid_request");
        problem(admin.post("/admin/placement/plans", "{\"layers\": [2]}"), 400, "invalid_request");
        problem(admin.post("/admin/placement/plans", "{\"layers\": []}"), 400, "invalid_request");
        problem(admin.put("/admin/placement/auto", "{\"enabled\": true}"), 400, "bad_request");
        problem(admin.put("/admin/placement/auto",
                "{\"enabled\":true,\"threshold\":0.1,\"interval\":\"soon\",\"policy\":\"janus\"}"), 400, "bad_request");
    }

    @Test
    void missingOrInvalidParametersAndUnknownResources() {
        JsonNode missing = problem(admin.get("/admin/placement/stats"), 400, "bad_request");
        assertThat(missing.get("detail").asText()).contains("layer");
        problem(admin.get("/admin/placement/stats?layer=first"), 400, "bad_request");
        problem(admin.get("/admin/placement/stats?layer=0&top=0"), 400, "bad_request");
        problem(admin.get("/admin/placement/stats?layer=2"), 404, "not_found");
        problem(admin.get("/admin/placement/plans/plan_000000000000"), 404, "not_found");
        problem(admin.post("/admin/placement/plans/plan_000000000000/apply", null), 404, "not_found");
        problem(admin.post("/admin/placement/rollback", null), 409, "no_previous_epoch");
    }

    @Test
    void theOpenApiDocumentIsPublicAndSnakeCase() {
        Reply docs = admin.send("GET", "/v3/api-docs", null, null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text()).contains("/admin/placement/plans/{id}/apply").contains("\"redundant_slots\"")
                .contains("\"bearer\"").doesNotContain("redundantSlots").doesNotContain("/internal/");
        assertThat(admin.send("GET", "/swagger-ui/index.html", null, null, null).status()).isEqualTo(200);
    }

    private static JsonNode problem(Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("code")).as(r.text()).isNotNull();
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        return p;
    }
}
