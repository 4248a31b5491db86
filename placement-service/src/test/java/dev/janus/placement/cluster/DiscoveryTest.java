package dev.janus.placement.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Instances from Spring Cloud's simple DiscoveryClient instead of the lists (which point
 * nowhere): expert-services are registered in reverse order and numbered by their
 * {@code moe-instance} metadata, so each MoE instance id still reaches its own process.
 */
class DiscoveryTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(1, 4, 2, 2, 1, new Snapshots(1, 4).tokens(0, 1, 9).build());

    @DynamicPropertySource
    static void discovered(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "discovery");
        registry.add("moe.placement-service.attention.uris", () -> "http://127.0.0.1:1");
        registry.add("moe.placement-service.experts.uris", () -> "http://127.0.0.1:1");
        registry.add("moe.placement-service.attention.service-id", () -> "attention-service");
        registry.add("moe.placement-service.experts.service-id", () -> "expert-service");
        String simple = "spring.cloud.discovery.client.simple.instances.";
        registry.add(simple + "attention-service[0].uri", () -> CLUSTER.attention.getFirst().uri().toString());
        for (int i = 0; i < 2; i++) {
            int id = 1 - i;
            registry.add(simple + "expert-service[" + i + "].uri", () -> CLUSTER.experts.get(id).uri().toString());
            registry.add(simple + "expert-service[" + i + "].metadata.moe-instance", () -> String.valueOf(id));
        }
    }

    @Test
    void aRolloutReachesEveryDiscoveredInstanceUnderItsOwnId() {
        String plan = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\"}").json().get("id").asText();
        JsonNode result = admin.post("/admin/placement/plans/" + plan + "/apply", null).json();

        for (int i = 0; i < 2; i++) {
            JsonNode step = result.get("experts").get(i);
            assertThat(step.get("instance").asInt()).isEqualTo(i);
            assertThat(step.get("uri").asText()).isEqualTo(CLUSTER.experts.get(i).uri().toString());
        }
        assertThat(result.get("attention").get(0).get("uri").asText()).isEqualTo(CLUSTER.attention.getFirst().uri().toString());
        assertThat(CLUSTER.attention.getFirst().current().version()).isEqualTo(result.get("version").asLong());
    }
}
