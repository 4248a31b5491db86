package dev.janus.placement.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Statistics of two attention-services summed per layer; a third that is down shows its error. */
class StatsMergeTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 4, 2, 0, 2, new Snapshots(2, 4).tokens(0, 1, 5).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.attention.get(1).snapshot(new Snapshots(2, 4).tokens(0, 1, 7).tokens(2, 3, 20).tokens(1, 2, 1).build());
        CLUSTER.register(registry, "stats");
        registry.add("moe.placement-service.attention.uris", () -> CLUSTER.attention.get(0).uri() + ","
                + CLUSTER.attention.get(1).uri() + ",http://127.0.0.1:1");
    }

    @Autowired
    StatsCollector collector;

    @Test
    void loadAndPairsAreTheSumOfEveryInstancesLatestSnapshot() {
        collector.poll();
        JsonNode s = admin.get("/admin/placement/stats?layer=1&top=2").json();

        assertThat(s.get("layer").asInt()).isEqualTo(1);
        assertThat(s.get("window_ms").asLong()).isEqualTo(600_000);
        assertThat(s.get("load").toString()).isEqualTo("[12,13,21,20]");
        assertThat(s.get("total_routed").asLong()).isEqualTo(66);
        assertThat(s.get("top_pairs").toString())
                .isEqualTo("[{\"experts\":[2,3],\"tokens\":20},{\"experts\":[0,1],\"tokens\":12}]");
        assertThat(s.get("merged")).hasSize(2);
        assertThat(s.get("instances")).hasSize(3);
        JsonNode down = s.get("instances").get(0);
        assertThat(down.get("uri").asText()).isEqualTo("http://127.0.0.1:1");
        assertThat(down.get("error").asText()).contains("unreachable");
        assertThat(down.get("last_success_at").isNull()).isTrue();
        assertThat(s.get("instances").get(1).get("last_poll_at").asText()).isNotBlank();
        assertThat(s.get("instances").get(1).get("error").isNull()).isTrue();
        assertThat(List.of(s.get("instances").get(1).get("layers").asInt(), s.get("instances").get(1).get("experts").asInt()))
                .containsExactly(2, 4);
    }
}
