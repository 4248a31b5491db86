package dev.janus.placement.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.placement.stats.StatsCollector;
import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.HandMovedClock;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import dev.janus.placement.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Automatic re-planning on a hand-moved clock: the round robin puts the three hot, co-activated
 * experts on one instance, so a fresh janus plan passes the threshold once; after that it is
 * checked again only when the interval has passed, and then gains nothing.
 */
@Import(HandMovedClock.class)
class AutoReplanTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(1, 8, 2, 2, 1,
            new Snapshots(1, 8).tokens(2, 4, 500).tokens(2, 6, 500).tokens(4, 6, 500).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "auto");
        registry.add("moe.placement-service.stats.stale-after", () -> "1000d");
    }

    @Autowired
    TestClock clock;
    @Autowired
    AutoReplanner replanner;
    @Autowired
    StatsCollector collector;

    @Test
    void rePlansOnceAboveTheThresholdAndAtMostOncePerInterval() {
        collector.poll();
        assertThat(replanner.runOnce().lastOutcome()).as("disabled by default").isEqualTo("never checked");

        JsonNode put = admin.put("/admin/placement/auto",
                "{\"enabled\":true,\"threshold\":0.1,\"interval\":\"PT5M\",\"policy\":\"janus\"}").json();
        assertThat(put.get("interval").asText()).isEqualTo("PT5M");
        assertThat(admin.get("/admin/placement/auto").json().get("enabled").asBoolean()).isTrue();

        AutoReplanner.Status first = replanner.runOnce();
        assertThat(first.lastGain()).isGreaterThan(0.1);
        assertThat(first.lastAppliedVersion()).isEqualTo(2);
        JsonNode placement = admin.get("/admin/placement").json();
        assertThat(placement.get("version").asLong()).isEqualTo(2);
        assertThat(placement.get("history").get(0).get("source").asText()).isEqualTo("auto");
        assertThat(placement.get("history").get(0).get("plan_id").asText()).isEqualTo(first.lastPlanId());

        clock.advance(Duration.ofMinutes(4));
        assertThat(replanner.runOnce()).as("within the interval: no check").isSameAs(first);

        clock.advance(Duration.ofMinutes(1));
        AutoReplanner.Status second = replanner.runOnce();
        assertThat(second.lastCheckAt()).isEqualTo(clock.instant());
        assertThat(second.lastGain()).isLessThanOrEqualTo(0.1);
        assertThat(second.lastOutcome()).contains("not above threshold");
        assertThat(admin.get("/admin/placement").json().get("version").asLong()).isEqualTo(2);
        assertThat(admin.get("/admin/placement/auto").json().get("status").get("last_applied_version").asLong())
                .isEqualTo(2);
    }
}
