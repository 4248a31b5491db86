package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §3, driven by scaler-service itself, both pools in one run: its local actuator (a
 * shell-quoted {@code command-line} with list-valued arguments) behind PlacementAwareActuator and
 * placement-service scales attention 1 -> 2, MoE 2 -> 3, attention 2 -> 1, MoE 3 -> 2 under a
 * bounded streaming load through the gateway, with zero failed or changed completions. The
 * scaler's own path decides: {@code PUT /admin/scaler/config} narrows the bounds to the wanted
 * sizes and {@code POST /admin/scaler/apply} evaluates, clamps and acts. Placement-service lists
 * the spare attention slot as ./run-local does: the attention instance the scaler starts reads
 * the current epoch and commits every later one (checked on it after MoE 2 -> 3); once stopped it
 * refuses connections, holds no epoch and does not keep MoE 3 -> 2 from releasing the previous
 * epoch and stopping instance 2. ScalerAttentionScalingTest scales attention alone (monolithic).
 */
class ScalerLocalActuatorTest {

    private static final String KEY = SuiteArgs.ADMIN_KEY;
    private static final String API_KEY = "sk-scaler-local";
    private static final int STREAMS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theScalerScalesAttentionAndMoeInstancesInOneRunUnderLoadWithoutAFailedRequest(@TempDir Path tmp) throws Exception {
        Path model = TinyMixtral.copyTo(tmp);
        List<String> placement = SuiteArgs.placement(2, 2);
        int httpBase = freeRange(3);
        int grpcBase = freeRange(3);
        int attentionBase = freeRange(2);
        int[] grpc = {grpcBase, grpcBase + 1, grpcBase + 2};
        String spareAttention = "http://127.0.0.1:" + (attentionBase + 1);
        List<ServiceProcess> services = new ArrayList<>();
        StreamingLoad load = null;
        try {
            List<String> expertUrls = IntStream.range(0, 3).mapToObj(i -> "http://127.0.0.1:" + (httpBase + i)).toList();
            for (int i = 0; i < 2; i++) { // instances 0 and 1: ./run-local's, external to the scaler
                services.add(ServiceProcess.start("scaler-expert-" + i, "janus.e2e.expert-jar", httpBase + i,
                        SuiteArgs.expert(model, placement, i, grpc[i], null)));
            }
            List<String> attentionArgs = SuiteArgs.attention(model, placement, grpc);
            ServiceProcess attention = ServiceProcess.start("scaler-attention-0", "janus.e2e.attention-jar", attentionBase,
                    attentionArgs);
            services.add(attention);
            ServiceProcess placementService = ServiceProcess.start("scaler-placement", "janus.e2e.placement-jar",
                    SuiteArgs.placementService(placement, List.of(attention.url(), spareAttention), expertUrls, tmp));
            services.add(placementService);
            String placementAdmin = placementService.url() + "/admin/placement";
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", placementAdmin, null).statusCode() == 200);
            ServiceProcess gateway = ServiceProcess.start("scaler-gateway", "janus.e2e.gateway-jar",
                    SuiteArgs.gateway(attention.url() + "," + spareAttention, API_KEY, "memory"));
            services.add(gateway);

            String fromPlacement = " --moe.placement.service=" + placementService.url();
            String expertCommand = java("janus.e2e.expert-jar") + " --server.port={port} --spring.grpc.server.port={grpc_port}"
                    + " --moe.expert.instance-id={index} --moe.model.path=" + quoted(model.toString())
                    + " --moe.expert.compute-threads=1 " + String.join(" ", placement) + fromPlacement;
            String attentionCommand = java("janus.e2e.attention-jar") + " --server.port={port} "
                    + String.join(" ", attentionArgs.stream().map(ScalerLocalActuatorTest::quoted).toList()) + fromPlacement;
            ServiceProcess scaler = ServiceProcess.start("scaler-service", "janus.e2e.scaler-jar", List.of(
                    "--moe.scaler.admin-keys=" + KEY, "--moe.scaler.actuator=local",
                    "--moe.scaler.model=" + model, "--moe.scaler.profile=cpu-placeholder",
                    "--moe.scaler.auto.evaluate-every=1h",
                    "--moe.scaler.signals.attention.uris=" + attention.url() + "," + spareAttention,
                    "--moe.scaler.local.attention.command-line=" + attentionCommand,
                    "--moe.scaler.local.attention.external=1", "--moe.scaler.local.attention.base-port=" + attentionBase,
                    "--moe.scaler.local.experts.command-line=" + expertCommand,
                    "--moe.scaler.local.experts.external=2", "--moe.scaler.local.experts.base-port=" + httpBase,
                    "--moe.scaler.local.experts.grpc-base-port=" + grpcBase,
                    "--moe.scaler.local.log-dir=" + Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs")).toAbsolutePath(),
                    "--moe.scaler.placement.uri=" + placementService.url(), "--moe.scaler.placement.admin-key=" + KEY));
            services.add(scaler);
            String admin = scaler.url() + "/admin/scaler";

            TinyMixtral tiny = new TinyMixtral();
            load = new StreamingLoad(gateway.url(), API_KEY, tiny.prompts(), tiny.expectedTexts(), STREAMS);
            load.awaitMore(STREAMS); // warm-up
            load.phase("before");
            load.awaitMore(STREAMS);

            load.phase("attention out");
            JsonNode attentionOut = apply(admin, 2, 2);
            assertThat(attentionOut.path("reason").asText()).as(attentionOut.toString()).contains("started attention 1");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ScalerAttentionScalingTest.gatewayGauge(gateway, "janus_gateway_attention_ready", spareAttention) == 1);
            load.awaitMore(STREAMS);

            load.phase("moe out");
            JsonNode moeOut = apply(admin, 2, 3);
            assertThat(moeOut.path("reason").asText()).as(moeOut.toString()).contains("started experts 2")
                    .contains("uses 3 MoE instances");
            assertThat(instances(placementAdmin)).isEqualTo(3);
            assertThat(listening(httpBase + 2)).isTrue();
            assertThat(epochOn(spareAttention)).as("the started attention instance committed the new epoch")
                    .isEqualTo(version(placementAdmin));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ScalerAttentionScalingTest.gatewayGauge(gateway, "janus_gateway_attention_served_total", spareAttention) > 0);
            load.awaitMore(STREAMS);

            load.phase("attention in");
            JsonNode attentionIn = apply(admin, 1, 3);
            assertThat(attentionIn.path("reason").asText()).as(attentionIn.toString()).contains("stopped attention 1");
            assertThat(listening(attentionBase + 1)).as("the scaler waited for it to exit").isFalse();
            load.awaitMore(STREAMS);

            load.phase("moe in");
            JsonNode moeIn = apply(admin, 1, 2);
            assertThat(moeIn.path("reason").asText()).as("the stopped attention instance holds no epoch: " + moeIn)
                    .contains("previous released").contains("stopped experts 2");
            assertThat(instances(placementAdmin)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> !listening(httpBase + 2));
            load.awaitMore(STREAMS);
            load.phase("after");
            load.awaitMore(STREAMS);

            List<StreamingLoad.Outcome> outcomes = load.stop();
            for (String phase : List.of("before", "attention out", "moe out", "attention in", "moe in", "after")) {
                StreamingLoad.Figures f = load.figures(phase);
                System.out.println("scaler attention 1 -> 2 -> 1, MoE 2 -> 3 -> 2: " + f);
                assertThat(f.requests()).as("%s: requests", phase).isPositive();
                assertThat(f.failed()).as("%s: failed requests %s", phase, load.errors()).isZero();
                assertThat(f.wrong()).as("%s: changed completions", phase).isZero();
            }
            assertThat(outcomes).hasSizeGreaterThan(STREAMS * 6);
            JsonNode status = JSON.readTree(send("GET", admin + "/status", null).body());
            assertThat(status.toString()).contains("\"moe\":2").contains("\"attention\":1");
        } finally {
            if (load != null) {
                load.close();
            }
            for (ServiceProcess s : services.reversed()) {
                s.close(); // scaler-service first: it stops the services it started
            }
        }
    }

    /** PUT /admin/scaler/config with bounds attention n..n and MoE m..m, then POST /admin/scaler/apply. */
    private JsonNode apply(String admin, int attention, int moe) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(send("GET", admin + "/config", null).body());
        config.putObject("attention").put("min", attention).put("max", attention);
        config.putObject("moe").put("min", moe).put("max", moe);
        HttpResponse<String> put = send("PUT", admin + "/config", config.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> apply = send("POST", admin + "/apply", null);
        assertThat(apply.statusCode()).as(apply.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(apply.body());
        assertThat(answer.path("to").path("attention").asInt()).as(answer.toString()).isEqualTo(attention);
        assertThat(answer.path("to").path("moe").asInt()).as(answer.toString()).isEqualTo(moe);
        return answer;
    }

    /** The placement epoch version an attention-service runs (its /internal endpoint, with the suite's token). */
    private long epochOn(String attentionUrl) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(attentionUrl + "/internal/placement/current"))
                .header("Authorization", "Bearer " + ServiceProcess.INTERNAL_TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("version").asLong();
    }

    private long version(String placementAdmin) throws Exception {
        return JSON.readTree(send("GET", placementAdmin, null).body()).get("version").asLong();
    }

    private int instances(String placementAdmin) throws Exception {
        return JSON.readTree(send("GET", placementAdmin, null).body()).get("instances").asInt();
    }

    /** The JVM command a child service runs with, as one shell-quoted string (ServiceProcess's flags). */
    static String java(String jarProperty) {
        return quoted(System.getProperty("janus.e2e.java", "java")) + " --add-modules=jdk.incubator.vector"
                + " --enable-native-access=ALL-UNNAMED -Xmx1g -jar "
                + quoted(Path.of(System.getProperty(jarProperty, "")).toAbsolutePath().toString()) + " --spring.jmx.enabled=false";
    }

    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** n consecutive free ports (the local actuator numbers instances from a base port). */
    static int freeRange(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (IntStream.range(0, n).allMatch(i -> free(base + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
