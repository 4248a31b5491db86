package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.testsupport.PostgresServer;
import dev.janus.testsupport.RedisServer;
import dev.janus.testsupport.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §4: the stores behind the control plane go away while 16 streams are served through
 * the gateway. Redis (the gateway's rate-limit buckets) and PostgreSQL (placement-service's
 * epochs, plans and pins) are reached through {@link TcpProxy}s, which cut them off as a crash
 * or a network partition would and bring them back. Serving must not notice either; an admin
 * call that needs the database answers 503 problem JSON meanwhile; after recovery the placement
 * history is whole and plans apply again.
 */
class OutageTest {

    private static final int STREAMS = 16;
    private static final String API_KEY = "sk-outage";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TinyMixtral MODEL = new TinyMixtral();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void redisAndPostgresDownLeaveServingAloneAndLoseNothing(@TempDir Path tmp) throws Exception {
        PostgresServer database = PostgresServer.freshDatabase();
        RedisServer redis = RedisServer.get();
        List<ServiceProcess> services = new ArrayList<>();
        StreamingLoad load = null;
        try (TcpProxy postgres = new TcpProxy(database.host(), database.port());
             TcpProxy redisProxy = new TcpProxy(redis.host(), redis.port())) {
            Path model = TinyMixtral.copyTo(tmp);
            List<String> placement = SuiteArgs.placement(2, 2);
            int[] grpc = {ServiceProcess.freePort(), ServiceProcess.freePort()};
            List<ServiceProcess> experts = SuiteArgs.startExperts("outage-expert", model, placement, grpc);
            services.addAll(experts);
            List<String> expertUrls = experts.stream().map(ServiceProcess::url).toList();
            ServiceProcess attention = ServiceProcess.start("outage-attention", "janus.e2e.attention-jar",
                    SuiteArgs.attention(model, placement, grpc));
            services.add(attention);
            List<String> placementArgs = SuiteArgs.placementService(placement, List.of(attention.url()), expertUrls, tmp);
            placementArgs.addAll(List.of(
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database.database()
                            + "?connectTimeout=3&socketTimeout=10",
                    "--spring.datasource.username=" + database.user(), "--spring.datasource.password=" + database.password()));
            ServiceProcess placementService = ServiceProcess.start("outage-placement", "janus.e2e.placement-jar", placementArgs);
            services.add(placementService);
            List<String> gatewayArgs = SuiteArgs.gateway(attention.url(), API_KEY, "redis");
            gatewayArgs.addAll(List.of("--moe.gateway.placement-uri=" + placementService.url(),
                    "--moe.gateway.admin-keys=" + SuiteArgs.ADMIN_KEY,
                    "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisProxy.port()));
            ServiceProcess gateway = ServiceProcess.start("outage-gateway", "janus.e2e.gateway-jar", gatewayArgs);
            services.add(gateway);
            String admin = gateway.url() + "/admin/placement";
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", admin, null).statusCode() == 200);
            long first = apply(admin, "{\"policy\":\"janus\",\"redundant_slots\":2}");

            load = new StreamingLoad(gateway.url(), API_KEY, MODEL.prompts(), MODEL.expectedTexts(), STREAMS);
            load.warmUp(ReliabilityReport.warmUp());
            load.runFor(ReliabilityReport.phase());

            load.phase("redis down");
            redisProxy.cut();
            load.runFor(ReliabilityReport.phase());
            redisProxy.restore();

            load.phase("postgres down");
            postgres.cut();
            long asked = System.nanoTime();
            HttpResponse<String> refused = send("POST", admin + "/plans", "{\"policy\":\"eplb\",\"redundant_slots\":2}");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);
            load.runFor(ReliabilityReport.phase());
            postgres.restore();

            load.phase("after");
            long second = apply(admin, "{\"policy\":\"eplb\",\"redundant_slots\":2}");
            load.runFor(ReliabilityReport.phase());
            load.stop();
            List<StreamingLoad.Figures> figures = List.of(load.figures("before"), load.figures("redis down"),
                    load.figures("postgres down"), load.figures("after"));
            ReliabilityReport.record("Redis and PostgreSQL cut off (TCP proxy) in turn, behind the gateway", STREAMS, figures,
                    load.errors(), "While PostgreSQL was down, POST /admin/placement/plans answered " + refused.statusCode()
                            + " in " + answeredIn.toMillis() + " ms: `" + refused.body() + "`.");

            for (StreamingLoad.Figures f : figures) {
                assertThat(f.failed()).as("serving does not need Redis or PostgreSQL: %s %s", f, load.errors()).isZero();
                assertThat(f.wrong()).isZero();
                assertThat(f.requests()).isPositive();
            }
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).path("code").asText()).isEqualTo("database_unavailable");
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(15));
            assertThat(second).isGreaterThan(first);
            // nothing lost: both applied epochs are in the history, the refused plan left no trace
            JsonNode current = JSON.readTree(send("GET", admin, null).body());
            assertThat(current.path("version").asLong()).isEqualTo(second);
            List<Long> versions = new ArrayList<>();
            current.path("history").forEach(e -> versions.add(e.path("version").asLong()));
            assertThat(versions).contains(first, second);
        } finally {
            if (load != null) {
                load.close();
            }
            for (ServiceProcess s : services.reversed()) {
                s.close();
            }
            database.drop();
        }
    }

    private long apply(String admin, String plan) throws Exception {
        HttpResponse<String> planned = send("POST", admin + "/plans", plan);
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(201);
        String id = JSON.readTree(planned.body()).get("id").asText();
        HttpResponse<String> applied = send("POST", admin + "/plans/" + id + "/apply", null);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        return JSON.readTree(applied.body()).get("version").asLong();
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + SuiteArgs.ADMIN_KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
