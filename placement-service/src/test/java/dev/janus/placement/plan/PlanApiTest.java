package dev.janus.placement.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.stats.RoutingTraceWriter;
import dev.janus.model.moe.RoutingDecision;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.placement.stats.StatsCollector;
import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Plans over the merged statistics: hot experts 2, 4 and 6 (often chosen together) all sit on
 * instance 0 in the round robin; a janus plan spreads them and predicts a lower a_max.
 */
class PlanApiTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 8, 2, 2, 1,
            new Snapshots(2, 8).tokens(2, 4, 500).tokens(2, 6, 500).tokens(4, 6, 500).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "plans");
    }

    @Autowired
    StatsCollector collector;

    @BeforeEach
    void statisticsPolledAndNoRecordedRouting() {
        collector.poll();
        CLUSTER.attention.getFirst().routing(null);
    }

    @Test
    void aPlanIsCreatedWithItsPredictedEffectAndCanBeReadAndListed() {
        Reply r = admin.post("/admin/placement/plans", "{\"policy\":\"janus\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode plan = r.json();
        String id = plan.get("id").asText();
        assertThat(id).startsWith("plan_");
        assertThat(r.location()).endsWith("/admin/placement/plans/" + id);
        assertThat(plan.get("redundant_slots").asInt()).as("the current epoch's R").isEqualTo(2);
        assertThat(plan.get("based_on_version").asLong()).isEqualTo(1);
        JsonNode effect = plan.get("effect");
        assertThat(effect.get("routing").asText()).isEqualTo("synthetic");
        assertThat(effect.get("layers")).hasSize(2);
        assertThat(effect.get("layers").get(0).get("before").get("mean_a_max").asDouble()).isEqualTo(3.0);
        assertThat(effect.get("mean_a_max_after").asDouble()).isLessThan(effect.get("mean_a_max_before").asDouble());
        assertThat(effect.get("gain").asDouble()).isGreaterThan(0.1);

        JsonNode read = admin.get(r.location().substring(r.location().indexOf("/admin"))).json();
        assertThat(read.get("placement").get("layers")).hasSize(2);
        assertThat(read.get("placement").get("version").asLong()).isZero();
        assertThat(admin.get("/admin/placement/plans").json().get("data").toString()).contains(id);
    }

    @Test
    void aPlanOfSomeLayersKeepsTheOthersAndPredictsOnlyThose() {
        JsonNode current = admin.get("/admin/placement").json();
        Reply r = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\",\"layers\":[1]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("layers").toString()).isEqualTo("[1]");
        assertThat(r.json().get("effect").get("layers")).hasSize(1);
        assertThat(r.json().get("effect").get("layers").get(0).get("layer").asInt()).isEqualTo(1);
        JsonNode plan = admin.get("/admin/placement/plans/" + r.json().get("id").asText()).json();
        JsonNode layer0 = admin.get("/admin/placement").json().get("placement").get(0);
        assertThat(layer0).isEqualTo(current.get("placement").get(0));
        assertThat(plan.get("placement").get("layers").get(0).toString())
                .isEqualTo(PlacementJson.toTree(CLUSTER.initial).get("layers").get(0).toString());
    }

    @Test
    void recordedRoutingIsReplayedWhenTheAttentionServicesHaveSome(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("routing.bin");
        try (RoutingTraceWriter trace = new RoutingTraceWriter(file, 8, 2)) {
            for (int batch = 0; batch < 5; batch++) {
                RoutingDecision r = new RoutingDecision();
                r.reset(2, 2);
                r.set(0, 0, 2, 0.5f);
                r.set(0, 1, 4, 0.5f);
                r.set(1, 0, 6, 0.5f);
                r.set(1, 1, 2, 0.5f);
                trace.onRouting(0, r);
            }
        }
        CLUSTER.attention.getFirst().routing(Files.readAllBytes(file));
        JsonNode effect = admin.post("/admin/placement/plans", "{}").json().get("effect");
        assertThat(effect.get("routing").asText()).isEqualTo("recorded");
        assertThat(effect.get("layers")).hasSize(1);
        assertThat(effect.get("layers").get(0).get("before").get("batches").asInt()).isEqualTo(5);
        assertThat(effect.get("layers").get(0).get("before").get("mean_a_max").asDouble()).isEqualTo(3.0);
    }
}
