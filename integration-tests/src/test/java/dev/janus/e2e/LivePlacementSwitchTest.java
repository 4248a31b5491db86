package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.tokenizer.Tokenizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 §4, every service a real process: attention-service, three expert-services and
 * placement-service. 16 clients send the fixture's prompts greedily without pause while the
 * admin API applies plans that move, replicate and un-replicate experts, pins, adds replicas and
 * rolls back, several times. Zero requests may fail and every completion must be the golden
 * one. Then an expert-service that was down during a switch comes back and learns the current
 * epoch from placement-service before it serves.
 */
class LivePlacementSwitchTest {

    private static final String KEY = SuiteArgs.ADMIN_KEY;
    private static final int INSTANCES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void plansAppliedAndRolledBackUnderLoadFailNoRequestAndChangeNoOutput(@TempDir Path tmp) throws Exception {
        Path model = TinyMixtral.copyTo(tmp); // served under the name tiny-mixtral
        List<String> placement = SuiteArgs.placement(INSTANCES, 2);
        List<ServiceProcess> services = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            int[] grpc = new int[INSTANCES];
            List<String> expertUrls = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                grpc[i] = ServiceProcess.freePort();
                ServiceProcess expert = ServiceProcess.start("expert-service-" + i, "janus.e2e.expert-jar",
                        SuiteArgs.expert(model, placement, i, grpc[i], null));
                services.add(expert);
                expertUrls.add(expert.url());
            }
            ServiceProcess attention = ServiceProcess.start("attention-service", "janus.e2e.attention-jar",
                    SuiteArgs.attention(model, placement, grpc));
            services.add(attention);
            List<String> placementArgs = SuiteArgs.placementService(placement, List.of(attention.url()), expertUrls, tmp);
            placementArgs.add("--moe.placement-service.stats.poll-interval=1s");
            ServiceProcess placementService = ServiceProcess.start("placement-service", "janus.e2e.placement-jar", placementArgs);
            services.add(placementService);
            String admin = placementService.url() + "/admin/placement";

            GoldenLoad load = new GoldenLoad(model, attention.url(), 16, clients);

            // placement-service adopts the services' epoch at start (EpochBootstrap), in the background
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", admin, null).statusCode() == 200);
            long version = current(admin);
            load.awaitMore(16); // every client is generating before the first switch
            // move + replicate, un-replicate, add replicas, pin, roll back; again with other policies
            version = apply(admin, plan(admin, "{\"policy\":\"janus\",\"redundant_slots\":4}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = apply(admin, plan(admin, "{\"policy\":\"eplb\",\"redundant_slots\":0}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = expectNewVersion(send("POST", admin + "/experts/0/3/replicas", "{\"count\":2}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = expectNewVersion(send("PUT", admin + "/experts/1/5/pin", "{\"instances\":[2]}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = expectNewVersion(send("POST", admin + "/rollback", null), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = apply(admin, plan(admin, "{\"policy\":\"round-robin\",\"redundant_slots\":2}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = expectNewVersion(send("DELETE", admin + "/experts/1/5/pin", null), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = expectNewVersion(send("POST", admin + "/rollback", null), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            version = apply(admin, plan(admin, "{\"policy\":\"janus\",\"redundant_slots\":3}"), version);
            load.awaitMore(4); // requests complete under the new epoch before the next switch
            List<String> wrong = load.stop();
            System.out.printf("live placement: %d completions by 16 clients across epochs up to version %d, %d wrong%n",
                    load.completions(), version, wrong.size());
            assertThat(wrong).as("failed or changed completions out of %d", load.completions()).isEmpty();
            assertThat(load.completions()).isGreaterThan(16 + 9 * 4);
            assertThat(JSON.readTree(get(attention.url() + "/internal/placement/current")).get("version").asLong())
                    .isEqualTo(version);
            for (String expert : expertUrls) { // every old epoch released
                assertThat(JSON.readTree(get(expert + "/internal/placement/epochs")).get("versions").toString())
                        .isEqualTo("[" + version + "]");
            }

            // an expert-service down during a switch learns the current epoch at start, before it serves
            services.get(1).close();
            long whileDown = apply(admin, plan(admin, "{\"policy\":\"eplb\",\"redundant_slots\":2}"), version, 502);
            assertThat(whileDown).as("a prepare that cannot reach an instance aborts").isEqualTo(version);
            ServiceProcess back = ServiceProcess.start("expert-service-1-again", "janus.e2e.expert-jar",
                    services.get(1).port(), SuiteArgs.expert(model, placement, 1, grpc[1], placementService.url()));
            services.set(1, back);
            assertThat(JSON.readTree(get(back.url() + "/internal/placement/epochs")).get("versions").toString())
                    .isEqualTo("[" + version + "]");
            assertThat(complete(attention.url(), load.firstPrompt())).isEqualTo(load.expectedFirst());
        } finally {
            clients.shutdownNow();
            for (ServiceProcess s : services.reversed()) {
                s.close();
            }
        }
    }

    /**
     * Scaling MoE instances as a placement change (DESIGN.md §10), with real processes under load:
     * 2 -> 3 (start instance 2, apply an epoch that uses it) -> 2 (apply an epoch without it,
     * then stop it). attention-service knows all three targets from the start; zero failed or
     * changed completions.
     */
    @Test
    void moeInstancesScaleTwoThreeTwoUnderLoadWithoutAFailedRequest(@TempDir Path tmp) throws Exception {
        Path model = TinyMixtral.copyTo(tmp);
        List<String> placement = SuiteArgs.placement(2, 2);
        List<ServiceProcess> services = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            int[] grpc = {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
            int thirdHttp = ServiceProcess.freePort();
            List<String> expertUrls = new ArrayList<>();
            for (ServiceProcess expert : SuiteArgs.startExperts("scale-expert", model, placement, new int[] {grpc[0], grpc[1]})) {
                services.add(expert);
                expertUrls.add(expert.url());
            }
            expertUrls.add("http://127.0.0.1:" + thirdHttp); // known to placement-service, started later
            ServiceProcess attention = ServiceProcess.start("scale-attention", "janus.e2e.attention-jar",
                    SuiteArgs.attention(model, placement, grpc));
            services.add(attention);
            ServiceProcess placementService = ServiceProcess.start("scale-placement", "janus.e2e.placement-jar",
                    SuiteArgs.placementService(placement, List.of(attention.url()), expertUrls, tmp));
            services.add(placementService);
            String admin = placementService.url() + "/admin/placement";
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", admin, null).statusCode() == 200);

            GoldenLoad load = new GoldenLoad(model, attention.url(), 8, clients);
            long version = current(admin);
            load.awaitMore(8);

            // out: start instance 2 (it asks placement-service for the current epoch: it hosts nothing), then use it
            ServiceProcess third = ServiceProcess.start("scale-expert-2", "janus.e2e.expert-jar", thirdHttp,
                    SuiteArgs.expert(model, placement, 2, grpc[2], placementService.url()));
            services.add(third);
            version = apply(admin, plan(admin, "{\"policy\":\"janus\",\"instances\":3,\"redundant_slots\":4}"), version);
            assertThat(JSON.readTree(send("GET", admin, null).body()).get("instances").asInt()).isEqualTo(3);
            load.awaitMore(8);

            // in: an epoch without instance 2, then stop it once the old epoch is released
            HttpResponse<String> in = send("POST", admin + "/plans/" + plan(admin, "{\"policy\":\"eplb\",\"instances\":2}")
                    + "/apply", null);
            version = expectNewVersion(in, version);
            assertThat(JSON.readTree(in.body()).get("previous_released").asBoolean()).as(in.body()).isTrue();
            third.close();
            load.awaitMore(8);
            List<String> wrong = load.stop();
            System.out.printf("MoE scaling 2 -> 3 -> 2: %d completions by 8 clients, %d wrong%n", load.completions(), wrong.size());
            assertThat(wrong).as("failed or changed completions out of %d", load.completions()).isEmpty();
            assertThat(JSON.readTree(get(attention.url() + "/internal/placement/current")).get("instances").asInt())
                    .isEqualTo(2);
        } finally {
            clients.shutdownNow();
            for (ServiceProcess s : services.reversed()) {
                s.close();
            }
        }
    }

    /** Clients sending the fixture's golden prompts greedily, each without pause, until stopped. */
    private final class GoldenLoad {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger completions = new AtomicInteger();
        private final List<CompletableFuture<List<String>>> clients = new ArrayList<>();
        private final List<TinyMixtral.Golden> prompts = new TinyMixtral().prompts();
        private final List<String> expected;

        GoldenLoad(Path model, String attention, int count, ExecutorService threads) {
            Tokenizer tokenizer = Tokenizer.load(model);
            expected = prompts.stream().map(g -> tokenizer.decode(g.greedy(), true)).toList();
            for (int c = 0; c < count; c++) {
                int first = c;
                clients.add(CompletableFuture.supplyAsync(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int n = first; running.get() || n == first; n++) { // at least one request each
                        int i = n % prompts.size();
                        String got = complete(attention, prompts.get(i));
                        completions.incrementAndGet();
                        if (!expected.get(i).equals(got)) {
                            wrong.add("prompt " + i + ": " + got);
                        }
                    }
                    return wrong;
                }, threads));
            }
        }

        int completions() {
            return completions.get();
        }

        /** Waits until {@code more} further requests have completed. */
        void awaitMore(int more) {
            int target = completions.get() + more;
            await().atMost(Duration.ofSeconds(120)).until(() -> completions.get() >= target);
        }

        /** Stops the clients after their current request; returns the failed or changed completions. */
        List<String> stop() throws Exception {
            running.set(false);
            List<String> wrong = new ArrayList<>();
            for (CompletableFuture<List<String>> client : clients) {
                wrong.addAll(client.get());
            }
            return wrong;
        }

        String expectedFirst() {
            return expected.getFirst();
        }

        TinyMixtral.Golden firstPrompt() {
            return prompts.getFirst();
        }
    }
    private String complete(String attention, TinyMixtral.Golden g) {
        String body = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":" + Arrays.toString(g.ids()) + ",\"max_tokens\":"
                + g.greedy().length + ",\"temperature\":0,\"ignore_eos\":true}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(attention + "/v1/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).get("choices").get(0).get("text").asText()
                    : "HTTP " + r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private long current(String admin) throws Exception {
        return JSON.readTree(send("GET", admin, null).body()).get("version").asLong();
    }

    private String plan(String admin, String body) throws Exception {
        HttpResponse<String> r = send("POST", admin + "/plans", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private long apply(String admin, String planId, long version) throws Exception {
        return apply(admin, planId, version, 200);
    }

    private long apply(String admin, String planId, long version, int status) throws Exception {
        HttpResponse<String> r = send("POST", admin + "/plans/" + planId + "/apply", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return status == 200 ? expectNewVersion(r, version) : current(admin);
    }

    private static long expectNewVersion(HttpResponse<String> r, long previous) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        JsonNode rollout = answer.has("rollout") ? answer.get("rollout") : answer; // pin answers wrap it
        long version = rollout.get("version").asLong();
        assertThat(version).as(r.body()).isGreaterThan(previous);
        JsonNode t = rollout.path("timings"); // for docs/benchmarks.md: the apply end to end through the services
        System.out.printf("live placement: epoch %d (%s) applied in %d ms: prepare %d, commit %d, release %d ms%n", version,
                rollout.path("source").asText(), t.path("total_ms").asLong(), t.path("prepare_ms").asLong(),
                t.path("commit_ms").asLong(), t.path("release_ms").asLong());
        return version;
    }

    /** A control-plane read (/internal), with the internal token every child process has (ServiceProcess). */
    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ServiceProcess.INTERNAL_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
