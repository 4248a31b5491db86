package dev.janus.placement.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.HandMovedClock;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import dev.janus.placement.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Load over time: one entry per poll in a ring of {@code history-polls} (3 here), each the merged
 * window's load at that poll; a poll without a fresh snapshot is an entry without load. And the
 * full co-activation matrix of {@code GET /admin/placement/stats?matrix=true}.
 */
@Import(HandMovedClock.class)
class LoadHistoryTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 4, 2, 0, 1, new Snapshots(2, 4).tokens(0, 1, 1).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "history");
        registry.add("moe.placement-service.stats.history-polls", () -> "3");
    }

    @Autowired
    TestClock clock;
    @Autowired
    StatsCollector collector;

    @Test
    void theLastPollsAreKeptOldestFirstWithTheLoadOfTheirMoment() {
        await().until(() -> !admin.get("/admin/placement/stats/history?layer=0").json().get("polls").isEmpty());
        var attention = CLUSTER.attention.getFirst();

        attention.snapshot(new Snapshots(2, 4).tokens(0, 1, 5).build());
        collector.poll();                                         // A: pushed out of the ring by D
        clock.advance(Duration.ofSeconds(10));
        attention.snapshot(new Snapshots(2, 4).tokens(0, 1, 7).tokens(1, 2, 3, 4).build());
        collector.poll();                                         // B
        Instant atB = clock.instant();
        clock.advance(Duration.ofMinutes(2));
        attention.snapshot(null);                                 // the instance answers 500 ...
        collector.poll();                                         // C: ... and its last snapshot is stale
        Instant atC = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        attention.snapshot(new Snapshots(2, 4).tokens(2, 3, 9).build());
        collector.poll();                                         // D

        JsonNode h = admin.get("/admin/placement/stats/history?layer=0").json();
        assertThat(h.get("layer").asInt()).isZero();
        assertThat(h.get("experts").asInt()).isEqualTo(4);
        assertThat(h.get("capacity").asInt()).isEqualTo(3);
        assertThat(h.get("poll_interval_ms").asLong()).isEqualTo(3_600_000);
        JsonNode polls = h.get("polls");
        assertThat(polls).hasSize(3);
        assertThat(Instant.parse(polls.get(0).get("at").asText())).isEqualTo(atB);
        assertThat(polls.get(0).get("load").toString()).isEqualTo("[7,7,0,0]");
        assertThat(polls.get(0).get("total_routed").asLong()).isEqualTo(14);
        assertThat(polls.get(0).get("window_ms").asLong()).isEqualTo(600_000);
        assertThat(polls.get(0).get("merged").asInt()).isEqualTo(1);
        assertThat(Instant.parse(polls.get(1).get("at").asText())).isEqualTo(atC);
        assertThat(polls.get(1).get("load").isNull()).as("no fresh snapshot at C").isTrue();
        assertThat(polls.get(1).get("total_routed").isNull()).isTrue();
        assertThat(polls.get(1).get("merged").asInt()).isZero();
        assertThat(polls.get(2).get("load").toString()).isEqualTo("[0,0,9,9]");

        JsonNode layer1 = admin.get("/admin/placement/stats/history?layer=1").json().get("polls");
        assertThat(layer1.get(0).get("load").toString()).isEqualTo("[7,7,4,4]");
        assertThat(layer1.get(2).get("load").toString()).isEqualTo("[0,0,9,9]");
    }

    @Test
    void anUnknownLayerIs404LikeTheStatistics() {
        for (String layer : new String[] {"2", "-1"}) {
            Reply r = admin.get("/admin/placement/stats/history?layer=" + layer);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asText()).contains("Layer " + layer + " does not exist");
        }
        assertThat(admin.get("/admin/placement/stats/history").status()).as("layer is required").isEqualTo(400);
    }

    @Test
    void theFullCoActivationMatrixIsSymmetricWithTheLoadOnTheDiagonal() {
        CLUSTER.attention.getFirst().snapshot(new Snapshots(2, 4).tokens(0, 1, 5).tokens(1, 3, 2).build());
        collector.poll();
        JsonNode s = admin.get("/admin/placement/stats?layer=0&matrix=true").json();
        assertThat(s.get("coactivation").toString()).isEqualTo("[[5,5,0,0],[5,7,0,2],[0,0,0,0],[0,2,0,2]]");
        assertThat(s.get("load").toString()).isEqualTo("[5,7,0,2]");
        assertThat(admin.get("/admin/placement/stats?layer=0").json().has("coactivation"))
                .as("only on request").isFalse();
    }
}
