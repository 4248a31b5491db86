package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.cli.compose.ComposeFile;
import dev.janus.cli.compose.JarLocator;
import dev.janus.cli.compose.LocalLauncher;
import dev.janus.testsupport.PostgresServer;
import dev.janus.testsupport.RedisServer;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml run as local processes by the same launcher as ./run-local ({@code ./janus
 * up}): every Java service from its jar with the file's environment, command and ports (service
 * names -> 127.0.0.1), readiness through each service's own compose healthcheck command, the
 * one-shot model-init before the experts, the machine's PostgreSQL (a fresh database) and Redis.
 * The file is the only source of the wiring: a wrong variable or port fails here. Then a chat
 * completion and a golden completion through the gateway, a placement plan + apply and a scaler
 * dry run through the gateway's admin API, and every metric the Grafana dashboard queries is one
 * the services export.
 */
class ComposeTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY = "http://127.0.0.1:8080";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theComposeTopologyServesChatAndPlacementAndExportsTheDashboardsMetrics(@TempDir Path tmp) throws Exception {
        PostgresServer postgres = PostgresServer.freshDatabase();
        RedisServer redis = RedisServer.get();
        Assumptions.assumeTrue(postgres.host().equals("127.0.0.1") && postgres.port() == 5432
                        && redis.host().equals("127.0.0.1") && redis.port() == 6379,
                "the compose topology as processes needs the machine's PostgreSQL on 127.0.0.1:5432 and Redis on "
                        + "127.0.0.1:6379 (Testcontainers gave others; ComposeContainerTest covers Docker machines)");
        for (int port : List.of(8080, 8081, 8083, 8084, 18082, 18083, 9092, 9093)) {
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.setReuseAddress(true);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("port " + port + " of docker-compose.yml is taken on this machine", e);
            }
        }
        Path models = tmp.resolve("models");
        TinyMixtral.copyTo(models);
        Map<String, String> variables = new java.util.LinkedHashMap<>(ComposeFiles.filledEnv());
        variables.putAll(Map.of("JANUS_MODELS", models.toString(), "JANUS_MODEL", TinyMixtral.ID,
                "POSTGRES_DB", postgres.database(), "POSTGRES_USER", postgres.user()));
        ComposeFile compose = ComposeFile.load(ComposeFiles.COMPOSE, variables);
        JarLocator jars = JarLocator.of(Map.of(
                "janus/cli", jar("janus.e2e.cli-jar"), "janus/gateway-service", jar("janus.e2e.gateway-jar"),
                "janus/attention-service", jar("janus.e2e.attention-jar"), "janus/expert-service", jar("janus.e2e.expert-jar"),
                "janus/placement-service", jar("janus.e2e.placement-jar"), "janus/scaler-service", jar("janus.e2e.scaler-jar")));
        Path logs = Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs")).resolve("compose");
        var options = new LocalLauncher.Options(tmp.resolve("volumes"), logs, jars,
                Path.of(System.getProperty("janus.e2e.java", "java")), List.of("-Xmx768m"), false,
                Duration.ofMinutes(3), new PrintStream(System.out, true));
        try (LocalLauncher launcher = new LocalLauncher(compose, options)) {
            var running = launcher.up();
            assertThat(running).containsKeys("model-init", "expert-service-0", "expert-service-1", "attention-service",
                    "placement-service", "scaler-service", "gateway-service");
            assertThat(running.get("model-init").process().exitValue()).isZero();

            // the OpenAI API through the gateway, with the env file's API key
            JsonNode chat = JSON.readTree(expect(200, post(GATEWAY + "/v1/chat/completions", ComposeFiles.API_KEY,
                    "{\"model\":\"" + TinyMixtral.ID + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],"
                            + "\"max_tokens\":8}")));
            assertThat(chat.get("choices").get(0).get("message").get("role").asText()).isEqualTo("assistant");
            assertThat(chat.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);
            TinyMixtral tiny = new TinyMixtral();
            TinyMixtral.Golden g = tiny.golden("bos_short_text");
            JsonNode golden = JSON.readTree(expect(200, post(GATEWAY + "/v1/completions", ComposeFiles.API_KEY,
                    "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":" + Arrays.toString(g.ids()) + ",\"max_tokens\":"
                            + g.greedy().length + ",\"temperature\":0,\"ignore_eos\":true}")));
            assertThat(golden.get("choices").get(0).get("text").asText()).as("split over the two MoE instances")
                    .isEqualTo(tiny.decode(g.greedy()));
            expect(401, post(GATEWAY + "/v1/chat/completions", "wrong-key", "{}"));

            // a placement plan + apply through the gateway's admin API, persisted in the fresh PostgreSQL database
            String admin = GATEWAY + "/admin/placement";
            await().atMost(Duration.ofSeconds(60)).until(() -> get(admin).statusCode() == 200);
            long before = JSON.readTree(get(admin).body()).get("version").asLong();
            String plan = JSON.readTree(expect(201, post(admin + "/plans", ComposeFiles.ADMIN_KEY,
                    "{\"policy\":\"janus\",\"redundant_slots\":4}"))).get("id").asText();
            JsonNode applied = JSON.readTree(expect(200, post(admin + "/plans/" + plan + "/apply", ComposeFiles.ADMIN_KEY, "")));
            assertThat(applied.get("version").asLong()).isGreaterThan(before);
            try (Connection c = postgres.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT max(version) FROM placement_epoch")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(applied.get("version").asLong());
            }
            JsonNode after = JSON.readTree(expect(200, post(GATEWAY + "/v1/completions", ComposeFiles.API_KEY,
                    "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":" + Arrays.toString(g.ids()) + ",\"max_tokens\":"
                            + g.greedy().length + ",\"temperature\":0,\"ignore_eos\":true}")));
            assertThat(after.get("choices").get(0).get("text").asText()).as("under the applied epoch")
                    .isEqualTo(tiny.decode(g.greedy()));

            // the scaler through the gateway (dry run: records a decision, changes nothing)
            JsonNode decision = JSON.readTree(expect(200, post(GATEWAY + "/admin/scaler/apply?dry_run=true",
                    ComposeFiles.ADMIN_KEY, "")));
            assertThat(decision.get("dry_run").asBoolean()).as(decision.toString()).isTrue();

            // every metric of the Grafana dashboard is exported by one of the running services
            Set<String> exported = new TreeSet<>();
            for (var r : running.values()) {
                String port = r.environment().get("SERVER_PORT");
                if (port != null && r.process().isAlive()) {
                    exported.addAll(DashboardMetrics.exposed(expect(200, get("http://127.0.0.1:" + port + "/actuator/prometheus"))));
                }
            }
            Set<String> queried = DashboardMetrics.queried(ComposeFiles.DASHBOARDS);
            assertThat(queried).contains("janus_scaler_decisions_total", "janus_kv_cache_blocks_used",
                    "janus_moe_expert_activated_experts_count", "http_server_requests_seconds_count");
            assertThat(exported).as("metric names the services export").containsAll(queried);
        } finally {
            postgres.drop();
        }
    }

    private static Path jar(String property) {
        return Path.of(System.getProperty(property, "")).toAbsolutePath();
    }

    private HttpResponse<String> post(String url, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(150))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ComposeFiles.ADMIN_KEY)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(int status, HttpResponse<String> r) {
        assertThat(r.statusCode()).as("%s %s: %s", r.request().method(), r.request().uri(), r.body()).isEqualTo(status);
        return r.body();
    }
}
