package dev.janus.e2e;

import static dev.janus.e2e.ScalerLocalActuatorTest.freeRange;
import static dev.janus.e2e.ScalerLocalActuatorTest.java;
import static dev.janus.e2e.ScalerLocalActuatorTest.listening;
import static dev.janus.e2e.ScalerLocalActuatorTest.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §3 for the attention pool, driven by scaler-service itself: the gateway lists two
 * attention instances on consecutive ports, of which only the first runs; 16 streaming clients go
 * through the gateway; {@code PUT /admin/scaler/config} (attention bounds 2..2) and
 * {@code POST /admin/scaler/apply} make the local actuator start attention instance 1, which the
 * gateway's readiness checks let in once it is ready; bounds 1..1 and another apply stop it
 * (SIGTERM: its readiness turns REFUSING_TRAFFIC, in-flight streams finish, then it exits). In
 * every phase no completion fails or changes, the new instance served requests, and after
 * scale-in it is gone and the gateway holds nothing on it. Experts run inside each
 * attention-service (monolithic): what is scaled here is the attention pool and its routing.
 */
class ScalerAttentionScalingTest {

    private static final String KEY = SuiteArgs.ADMIN_KEY;
    private static final String API_KEY = "sk-attention-scaling";
    private static final int STREAMS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theScalerScalesAttentionOneTwoOneBehindTheGatewayWithoutAFailedRequest(@TempDir Path tmp) throws Exception {
        Path model = TinyMixtral.copyTo(tmp);
        int base = freeRange(2);
        String second = "http://127.0.0.1:" + (base + 1);
        List<String> attentionArgs = List.of("--moe.model.path=" + model, "--moe.scheduler.compute-threads=1");
        List<ServiceProcess> services = new ArrayList<>();
        StreamingLoad load = null;
        try {
            // instance 0: ./run-local's, external to the scaler; instance 1 is a scale-out target the gateway already lists
            ServiceProcess attention = ServiceProcess.start("scaling-attention-0", "janus.e2e.attention-jar", base, attentionArgs);
            services.add(attention);
            ServiceProcess gateway = ServiceProcess.start("scaling-gateway", "janus.e2e.gateway-jar",
                    SuiteArgs.gateway(attention.url() + "," + second, API_KEY, "memory"));
            services.add(gateway);
            ServiceProcess scaler = ServiceProcess.start("scaling-scaler", "janus.e2e.scaler-jar", List.of(
                    "--moe.scaler.admin-keys=" + KEY, "--moe.scaler.actuator=local",
                    "--moe.scaler.model=" + model, "--moe.scaler.profile=cpu-placeholder",
                    "--moe.scaler.auto.evaluate-every=1h", "--moe.scaler.moe.initial=1",
                    "--moe.scaler.signals.attention.uris=" + attention.url(),
                    "--moe.scaler.local.attention.command-line=" + java("janus.e2e.attention-jar") + " --server.port={port}"
                            + " --moe.model.path=" + quoted(model.toString()) + " --moe.scheduler.compute-threads=1",
                    "--moe.scaler.local.attention.external=1", "--moe.scaler.local.attention.base-port=" + base,
                    // experts run inside attention-service: the MoE pool stays at its one external "instance" (bounds 1..1)
                    "--moe.scaler.local.experts.command-line=" + java("janus.e2e.expert-jar") + " --server.port={port}",
                    "--moe.scaler.local.experts.external=1",
                    "--moe.scaler.local.log-dir=" + Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs")).toAbsolutePath()));
            services.add(scaler);
            String admin = scaler.url() + "/admin/scaler";

            assertThat(gatewayGauge(gateway, "janus_gateway_attention_ready", second)).as("not running yet").isZero();
            TinyMixtral tiny = new TinyMixtral();
            load = new StreamingLoad(gateway.url(), API_KEY, tiny.prompts(), tiny.expectedTexts(), STREAMS);
            load.awaitMore(STREAMS);
            load.phase("before");
            load.awaitMore(STREAMS);

            load.phase("out");
            JsonNode out = applyWithAttentionBounds(admin, 2);
            assertThat(out.path("to").path("attention").asInt()).as(out.toString()).isEqualTo(2);
            assertThat(out.path("reason").asText()).contains("started attention 1");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> gatewayGauge(gateway, "janus_gateway_attention_ready", second) == 1);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> gatewayGauge(gateway, "janus_gateway_attention_served_total", second) >= STREAMS);
            load.awaitMore(STREAMS);

            load.phase("in");
            JsonNode in = applyWithAttentionBounds(admin, 1);
            assertThat(in.path("to").path("attention").asInt()).as(in.toString()).isEqualTo(1);
            assertThat(in.path("reason").asText()).contains("stopped attention 1");
            assertThat(listening(base + 1)).as("the scaler waited for it to exit").isFalse();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gatewayGauge(gateway, "janus_gateway_attention_ready", second) == 0);
            assertThat(gatewayGauge(gateway, "janus_gateway_attention_in_flight", second)).as("nothing waits on it").isZero();
            double servedByTheStopped = gatewayGauge(gateway, "janus_gateway_attention_served_total", second);
            load.awaitMore(STREAMS);
            load.phase("after");
            load.awaitMore(STREAMS);

            List<StreamingLoad.Outcome> outcomes = load.stop();
            for (String phase : List.of("before", "out", "in", "after")) {
                StreamingLoad.Figures f = load.figures(phase);
                System.out.println("attention 1 -> 2 -> 1: " + f);
                assertThat(f.requests()).as("%s: requests", phase).isPositive();
                assertThat(f.failed()).as("%s: failed requests %s", phase, load.errors()).isZero();
                assertThat(f.wrong()).as("%s: changed completions", phase).isZero();
            }
            assertThat(outcomes).hasSizeGreaterThan(STREAMS * 4);
            assertThat(gatewayGauge(gateway, "janus_gateway_attention_served_total", second))
                    .as("no request reached the stopped instance").isEqualTo(servedByTheStopped);
            JsonNode status = JSON.readTree(send("GET", admin + "/status", null).body());
            assertThat(status.toString()).contains("\"attention\":1");
        } finally {
            if (load != null) {
                load.close();
            }
            for (ServiceProcess s : services.reversed()) {
                s.close(); // scaler-service first: it stops the attention-service it started
            }
        }
    }

    /** PUT /admin/scaler/config with attention bounds n..n (MoE 1..1), then POST /admin/scaler/apply. */
    private JsonNode applyWithAttentionBounds(String admin, int n) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(send("GET", admin + "/config", null).body());
        config.putObject("attention").put("min", n).put("max", n);
        config.putObject("moe").put("min", 1).put("max", 1);
        HttpResponse<String> put = send("PUT", admin + "/config", config.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> apply = send("POST", admin + "/apply", null);
        assertThat(apply.statusCode()).as(apply.body()).isEqualTo(200);
        return JSON.readTree(apply.body());
    }

    /** A per-instance metric of the gateway's attention pool (tag attention = the instance's URI); -1 when absent. */
    static double gatewayGauge(ServiceProcess gateway, String name, String instance) {
        Scrape scrape = Scrape.of(gateway);
        Map<String, String> tag = Map.of("attention", instance);
        return scrape.has(name, tag) ? scrape.sum(name, tag) : -1;
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
