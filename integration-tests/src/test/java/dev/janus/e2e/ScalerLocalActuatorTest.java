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
 * Issue 12 §3, driven by scaler-service itself: its local actuator (a shell-quoted
 * {@code command-line} with list-valued arguments) behind PlacementAwareActuator and
 * placement-service scales MoE instances 2 -> 3 -> 2 under a bounded streaming load, with zero
 * failed or changed completions. The scaler's own path decides: {@code PUT /admin/scaler/config}
 * narrows the MoE bounds to the wanted count and {@code POST /admin/scaler/apply} evaluates, clamps
 * to the bounds and acts — start instance 2, wait for its readiness, roll out an epoch that uses
 * it; then an epoch without it, and stop it once the previous epoch is released everywhere.
 * Attention instances are not scaled here: the clients talk to one attention-service directly;
 * ScalerAttentionScalingTest scales attention behind the gateway.
 */
class ScalerLocalActuatorTest {

    private static final String KEY = SuiteArgs.ADMIN_KEY;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theScalerScalesMoeInstancesTwoThreeTwoUnderLoadWithoutAFailedRequest(@TempDir Path tmp) throws Exception {
        Path model = TinyMixtral.copyTo(tmp);
        List<String> placement = SuiteArgs.placement(2, 2);
        int httpBase = freeRange(3);
        int grpcBase = freeRange(3);
        int[] grpc = {grpcBase, grpcBase + 1, grpcBase + 2};
        List<ServiceProcess> services = new ArrayList<>();
        StreamingLoad load = null;
        try {
            List<String> expertUrls = IntStream.range(0, 3).mapToObj(i -> "http://127.0.0.1:" + (httpBase + i)).toList();
            for (int i = 0; i < 2; i++) { // instances 0 and 1: ./run-local's, external to the scaler
                services.add(ServiceProcess.start("scaler-expert-" + i, "janus.e2e.expert-jar", httpBase + i,
                        SuiteArgs.expert(model, placement, i, grpc[i], null)));
            }
            ServiceProcess attention = ServiceProcess.start("scaler-attention", "janus.e2e.attention-jar",
                    SuiteArgs.attention(model, placement, grpc));
            services.add(attention);
            ServiceProcess placementService = ServiceProcess.start("scaler-placement", "janus.e2e.placement-jar",
                    SuiteArgs.placementService(placement, List.of(attention.url()), expertUrls, tmp));
            services.add(placementService);
            String placementAdmin = placementService.url() + "/admin/placement";
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", placementAdmin, null).statusCode() == 200);

            String expertCommand = java("janus.e2e.expert-jar") + " --server.port={port} --spring.grpc.server.port={grpc_port}"
                    + " --moe.expert.instance-id={index} --moe.model.path=" + quoted(model.toString())
                    + " --moe.expert.compute-threads=1 " + String.join(" ", placement)
                    + " --moe.placement.service=" + placementService.url();
            ServiceProcess scaler = ServiceProcess.start("scaler-service", "janus.e2e.scaler-jar", List.of(
                    "--moe.scaler.admin-keys=" + KEY, "--moe.scaler.actuator=local",
                    "--moe.scaler.model=" + model, "--moe.scaler.profile=cpu-placeholder",
                    "--moe.scaler.auto.evaluate-every=1h",
                    "--moe.scaler.signals.attention.uris=" + attention.url(),
                    // the attention pool is never scaled here (bounds 1..1), but the local actuator runs both pools
                    "--moe.scaler.local.attention.command-line=" + java("janus.e2e.attention-jar") + " --server.port={port}",
                    "--moe.scaler.local.attention.external=1", "--moe.scaler.local.attention.base-port=" + attention.port(),
                    "--moe.scaler.local.experts.command-line=" + expertCommand,
                    "--moe.scaler.local.experts.external=2", "--moe.scaler.local.experts.base-port=" + httpBase,
                    "--moe.scaler.local.experts.grpc-base-port=" + grpcBase,
                    "--moe.scaler.local.log-dir=" + Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs")).toAbsolutePath(),
                    "--moe.scaler.placement.uri=" + placementService.url(), "--moe.scaler.placement.admin-key=" + KEY));
            services.add(scaler);
            String admin = scaler.url() + "/admin/scaler";

            TinyMixtral tiny = new TinyMixtral();
            load = new StreamingLoad(attention.url(), null, tiny.prompts(), tiny.expectedTexts(), 8);
            load.awaitMore(8);

            load.phase("out");
            JsonNode out = applyWithMoeBounds(admin, 3);
            assertThat(out.path("to").path("moe").asInt()).as(out.toString()).isEqualTo(3);
            assertThat(out.path("reason").asText()).contains("started experts 2").contains("uses 3 MoE instances");
            assertThat(instances(placementAdmin)).isEqualTo(3);
            assertThat(listening(httpBase + 2)).isTrue();
            load.awaitMore(8);

            load.phase("in");
            JsonNode in = applyWithMoeBounds(admin, 2);
            assertThat(in.path("to").path("moe").asInt()).as(in.toString()).isEqualTo(2);
            assertThat(in.path("reason").asText()).contains("previous released").contains("stopped experts 2");
            assertThat(instances(placementAdmin)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> !listening(httpBase + 2));
            load.awaitMore(8);
            load.phase("after");
            load.awaitMore(8);

            List<StreamingLoad.Outcome> outcomes = load.stop();
            for (String phase : List.of("before", "out", "in", "after")) {
                StreamingLoad.Figures f = load.figures(phase);
                System.out.println("scaler 2 -> 3 -> 2: " + f);
                assertThat(f.failed()).as("%s: failed requests %s", phase, load.errors()).isZero();
                assertThat(f.wrong()).as("%s: changed completions", phase).isZero();
            }
            assertThat(outcomes).hasSizeGreaterThan(8 * 4);
            JsonNode status = JSON.readTree(send("GET", admin + "/status", null).body());
            assertThat(status.toString()).contains("\"moe\":2");
        } finally {
            if (load != null) {
                load.close();
            }
            for (ServiceProcess s : services.reversed()) {
                s.close(); // scaler-service first: it stops the expert-service it started
            }
        }
    }

    /** PUT /admin/scaler/config with MoE bounds n..n (attention 1..1), then POST /admin/scaler/apply. */
    private JsonNode applyWithMoeBounds(String admin, int n) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(send("GET", admin + "/config", null).body());
        config.putObject("attention").put("min", 1).put("max", 1);
        config.putObject("moe").put("min", n).put("max", n);
        HttpResponse<String> put = send("PUT", admin + "/config", config.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> apply = send("POST", admin + "/apply", null);
        assertThat(apply.statusCode()).as(apply.body()).isEqualTo(200);
        return JSON.readTree(apply.body());
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
