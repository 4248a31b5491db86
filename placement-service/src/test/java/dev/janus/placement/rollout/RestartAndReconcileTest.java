package dev.janus.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.placement.PlacementServiceApplication;
import dev.janus.placement.support.AdminHttp;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Persistence across a restart (same H2 file): epochs, plans, pins and auto settings survive,
 * the last applied epoch is re-published to every service under its own version, and the
 * reconciler brings back services that were down during a switch.
 */
class RestartAndReconcileTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 8, 3, 4, 2,
            new Snapshots(2, 8).tokens(4, 5, 1000).tokens(6, 7, 800).build());

    @Test
    void stateSurvivesARestartAndTheLastEpochIsRePublished(@TempDir Path data) {
        long version;
        String plan;
        try (ConfigurableApplicationContext first = start(data)) {
            AdminHttp admin = admin(first);
            plan = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\"}").json().get("id").asText();
            assertThat(admin.post("/admin/placement/plans/" + plan + "/apply", null).status()).isEqualTo(200);
            assertThat(admin.put("/admin/placement/experts/0/5/pin", "{\"instances\":[1,2]}").status()).isEqualTo(200);
            admin.put("/admin/placement/auto", "{\"enabled\":false,\"threshold\":0.2,\"interval\":\"PT10M\",\"policy\":\"eplb\"}");
            version = admin.get("/admin/placement").json().get("version").asLong();
        }
        CLUSTER.events.clear();

        try (ConfigurableApplicationContext second = start(data)) {
            AdminHttp admin = admin(second);
            JsonNode placement = admin.get("/admin/placement").json();
            assertThat(placement.get("version").asLong()).isEqualTo(version);
            assertThat(placement.get("history")).hasSize(3);
            assertThat(placement.get("history").get(2).get("source").asText()).isEqualTo("adopted");
            assertThat(admin.get("/admin/placement/plans/" + plan).json().get("applied_version").asLong())
                    .isEqualTo(version - 1);
            assertThat(admin.get("/admin/placement/pins").json().get("data").get(0).get("instances").toString())
                    .isEqualTo("[1,2]");
            assertThat(admin.get("/admin/placement/auto").json().get("interval").asText()).isEqualTo("PT10M");

            await().atMost(Duration.ofSeconds(30)).until(() -> CLUSTER.events.of("commit").size() == 2);
            assertThat(CLUSTER.events.of("prepare")).containsExactlyInAnyOrder(
                    "prepare e0 v" + version, "prepare e1 v" + version, "prepare e2 v" + version);
            assertThat(CLUSTER.events.of("commit")).containsExactlyInAnyOrder("commit a0 v" + version, "commit a1 v" + version);
        }
    }

    @Test
    void servicesThatWereDownLearnTheCurrentEpochAndStaleVersionsAreReleased(@TempDir Path data) {
        try (ConfigurableApplicationContext ctx = start(data)) {
            AdminHttp admin = admin(ctx);
            String plan = admin.post("/admin/placement/plans", "{\"policy\":\"janus\"}").json().get("id").asText();
            long v = admin.post("/admin/placement/plans/" + plan + "/apply", null).json().get("version").asLong();
            await().until(() -> CLUSTER.events.of("commit").size() >= 2);
            CLUSTER.attention.get(1).current(CLUSTER.initial);     // restarted on the static round robin
            CLUSTER.experts.get(2).restartWith(CLUSTER.initial);    // restarted: only version 1 mapped
            CLUSTER.events.clear();

            List<String> actions = ctx.getBean(Reconciler.class).reconcile(false);

            assertThat(actions).contains("prepared " + v + " on MoE instance 2", "released 1 on MoE instance 2")
                    .anyMatch(a -> a.startsWith("committed " + v + " on " + CLUSTER.attention.get(1).uri()));
            assertThat(CLUSTER.events.all()).containsExactly("prepare e2 v" + v, "commit a1 v" + v, "release e2 v1");
            assertThat(CLUSTER.attention.get(1).current().version()).isEqualTo(v);
            assertThat(ctx.getBean(Reconciler.class).reconcile(false)).as("in sync now").isEmpty();
        }
    }

    @Test
    void aListedAttentionServiceThatRefusesConnectionsHoldsNoEpochAndDoesNotHoldTheReleaseUp(@TempDir Path data)
            throws IOException {
        String stopped = "http://127.0.0.1:" + closedPort(); // e.g. a spare slot the scaler has not started
        try (ConfigurableApplicationContext ctx = start(data, stopped)) {
            AdminHttp admin = admin(ctx);
            long before = admin.get("/admin/placement").json().get("version").asLong();
            String plan = admin.post("/admin/placement/plans", "{\"policy\":\"janus\"}").json().get("id").asText();
            CLUSTER.events.clear();

            JsonNode rollout = admin.post("/admin/placement/plans/" + plan + "/apply", null).json();

            JsonNode steps = rollout.get("attention");
            assertThat(steps).hasSize(3);
            JsonNode notRunning = steps.get(2);
            assertThat(notRunning.get("uri").asText()).isEqualTo(stopped);
            assertThat(notRunning.get("running").asBoolean()).isFalse();
            assertThat(notRunning.get("committed").asBoolean()).isFalse();
            assertThat(notRunning.get("error").asText()).contains("not running");
            assertThat(steps.get(0).get("running").asBoolean()).isTrue();
            assertThat(rollout.get("previous_released").asBoolean()).as(rollout.toString()).isTrue();
            assertThat(CLUSTER.events.of("release")).contains("release e0 v" + before);
            assertThat(ctx.getBean(Reconciler.class).reconcile(false)).as("nothing to do, nothing failed").isEmpty();
        }
    }

    /** A port nothing listens on (just closed). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return start(data, null);
    }

    /** @param alsoListed one more attention-service URI to list, or null */
    private static ConfigurableApplicationContext start(Path data, String alsoListed) {
        String attention = uris(CLUSTER.attention.stream().map(a -> a.uri().toString()));
        Map<String, Object> props = Map.of(
                "server.port", "0",
                "moe.placement-service.data-dir", data.toString(),
                "moe.placement-service.admin-keys", AdminHttp.KEY,
                "moe.placement-service.experts.uris", uris(CLUSTER.experts.stream().map(e -> e.uri().toString())),
                "moe.placement-service.attention.uris", alsoListed == null ? attention : attention + "," + alsoListed,
                "moe.placement-service.initial.instances", "3",
                "moe.placement-service.initial.redundant-slots", "4",
                "moe.placement-service.stats.poll-interval", "1h",
                "moe.placement-service.rollout.reconcile-interval", "1h",
                "moe.placement-service.auto.check-every", "1h");
        // as command-line arguments: they override application.yml (default properties would not)
        return new SpringApplicationBuilder(PlacementServiceApplication.class)
                .run(java.util.stream.Stream.concat(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                        java.util.stream.Stream.of("--moe.internal.token=" + AdminHttp.INTERNAL_TOKEN)).toArray(String[]::new));
    }

    private static String uris(java.util.stream.Stream<String> s) {
        return s.collect(Collectors.joining(","));
    }

    private static AdminHttp admin(ConfigurableApplicationContext ctx) {
        return AdminHttp.whenReady(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")));
    }
}
