package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.stats.RoutingTraceReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * attention-service's side of a live placement switch: while greedy requests run without pause,
 * new epochs (other replicas, other physical ids) are prepared on the MoE instances, committed
 * through {@code PUT /internal/placement/current}, and the old ones released as soon as the
 * commit answers (it answers once no layer step uses the old epoch). Every completion stays the
 * golden one and no request fails.
 */
class LivePlacementTest {

    private static final int INSTANCES = 3;
    private static final String TOKEN_ARG = "--moe.internal.token=" + ApiTest.INTERNAL_TOKEN;

    @Test
    void commitsSwitchAtAStepBoundaryWithoutChangingAnOutput() throws Exception {
        ConfigurableApplicationContext ctx = null;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (MoeInstances moe = new MoeInstances(INSTANCES, 2)) {
            ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                    "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                    "--moe.scheduler.kv-cache-tokens=8192", "--moe.experts.transport=grpc",
                    "--moe.experts.targets=" + moe.targets(), "--moe.placement.instances=" + INSTANCES,
                    "--moe.placement.redundant-slots=2", TOKEN_ARG);
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            RawApi api = new RawApi(port);
            List<String> expected = new ArrayList<>();
            for (TinyModel.Golden g : TinyModel.all()) {
                expected.add(text(api.post("/v1/completions", body(g.ids(), g.greedy().length))));
            }
            AtomicBoolean switching = new AtomicBoolean(true);
            List<CompletableFuture<List<String>>> load = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                load.add(CompletableFuture.supplyAsync(() -> {
                    List<String> wrong = new ArrayList<>();
                    while (switching.get()) {
                        for (int i = 0; i < TinyModel.all().size(); i++) {
                            TinyModel.Golden g = TinyModel.all().get(i);
                            RawApi.Reply r = api.post("/v1/completions", body(g.ids(), g.greedy().length));
                            if (r.status() != 200 || !text(r).equals(expected.get(i))) {
                                wrong.add(r.status() + " " + r.body());
                            }
                        }
                    }
                    return wrong;
                }, clients));
            }
            PlacementEpoch[] layouts = {
                PlacementEpoch.uniform(0, 4, 8, INSTANCES, new int[] {7, 0, 1, 2, 6, 3, 4, 7, 5, 6, 1, 0}),
                PlacementEpoch.roundRobin(0, 4, 8, INSTANCES, 4, null),
                PlacementEpoch.roundRobin(0, 4, 8, INSTANCES, 1, null),
            };
            for (int round = 0; round < 6; round++) {
                PlacementEpoch next = layouts[round % layouts.length].withVersion(round + 2);
                moe.prepare(next);
                HttpResponse<String> commit = put(port, PlacementJson.encode(next));
                assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
                assertThat(commit.body()).contains("\"version\":" + next.version()).contains("\"previous\":" + (round + 1));
                moe.release(round + 1);
            }
            switching.set(false);
            for (CompletableFuture<List<String>> client : load) {
                assertThat(client.get()).as("failed or changed completions").isEmpty();
            }
            assertThat(moe.versions(0)).containsExactly(7);
            assertThat(PlacementJson.decode(api.send(internal(port, "/internal/placement/current").GET().build()).body())
                    .version()).isEqualTo(7);
            assertThat(api.get("/actuator/prometheus").body())
                    .containsPattern("janus_placement_epoch_version\\{[^}]*} 7.0")
                    .containsPattern("janus_placement_epoch_commits_total\\{[^}]*} 6.0");

            RoutingTraceReader.Trace recent = RoutingTraceReader.decode(HttpClient.newHttpClient().send(
                    internal(port, "/internal/activation-stats/routing").build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            assertThat(recent.experts()).isEqualTo(8);
            assertThat(recent.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(2048) // moe.stats.recent-decisions
                    .allSatisfy(e -> assertThat(e.layer()).isBetween(0, 3));
        } finally {
            clients.shutdownNow();
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    @Test
    void badCommitsAreProblemsAndInProcessExpertsHaveNoPlacement() throws Exception {
        ConfigurableApplicationContext ctx = null;
        try (MoeInstances moe = new MoeInstances(2, 0)) {
            ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                    "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                    "--moe.experts.transport=grpc", "--moe.experts.targets=" + moe.targets(), "--moe.placement.instances=2",
                    TOKEN_ARG);
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpResponse<String> tooMany = put(port, PlacementJson.encode(PlacementEpoch.roundRobin(2, 4, 8, 3, 0, null)));
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(tooMany.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            assertThat(tooMany.body()).contains("uses 3 MoE instances but moe.experts.targets lists 2");
            HttpResponse<String> otherModel = put(port, PlacementJson.encode(PlacementEpoch.roundRobin(2, 3, 8, 2, 0, null)));
            assertThat(otherModel.statusCode()).isEqualTo(400);
            assertThat(otherModel.body()).contains("8 experts in 3 layers; this model has 8 experts in 4 layers");
            assertThat(put(port, "{\"version\":").statusCode()).isEqualTo(400);
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
        ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1", TOKEN_ARG);
        try {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpResponse<String> inProcess = put(port, PlacementJson.encode(PlacementEpoch.roundRobin(2, 4, 8, 1, 0, null)));
            assertThat(inProcess.statusCode()).isEqualTo(409);
            assertThat(inProcess.body()).contains("moe.experts.transport=in-process");
        } finally {
            ctx.close();
        }
    }

    private static HttpResponse<String> put(int port, String json) throws Exception {
        return HttpClient.newHttpClient().send(internal(port, "/internal/placement/current")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A control-plane request as placement-service sends it: with the internal token. */
    private static HttpRequest.Builder internal(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ApiTest.INTERNAL_TOKEN);
    }

    private static String body(int[] ids, int maxTokens) {
        return "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids) + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"ignore_eos\":true}";
    }

    private static String text(RawApi.Reply r) {
        return r.json().get("choices").get(0).get("text").asString();
    }
}
