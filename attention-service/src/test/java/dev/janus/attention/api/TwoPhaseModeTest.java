package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import tools.jackson.databind.JsonNode;
import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.attention.config.RemoteExperts;
import dev.janus.comm.twophase.CommStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two attention-service instances on one node (moe.node.members=2) in front of three MoE
 * instances over gRPC, two-phase: member 1 sends its rows to member 0's aggregator, which sends
 * one bulk message per MoE instance. Both serve every golden prompt concurrently (in opposite
 * orders) with the monolithic service's tokens and logprobs, and the node sends fewer messages to
 * the MoE instances than its members handed to the aggregator.
 */
class TwoPhaseModeTest {

    private static final int INSTANCES = 3;
    private static final int REDUNDANT = 4;

    @Test
    void twoMembersOfOneNodeServeTheMonolithicAnswersThroughTheAggregator() throws Exception {
        List<ConfigurableApplicationContext> apps = new ArrayList<>();
        try (MoeInstances moe = new MoeInstances(INSTANCES, REDUNDANT)) {
            ConfigurableApplicationContext mono = start(apps, "--moe.experts.transport=in-process");
            ConfigurableApplicationContext host = start(apps, split(moe, "--moe.node.member=0", "--moe.node.aggregator-port=0"));
            RemoteExperts hostExperts = host.getBean(RemoteExperts.class);
            ConfigurableApplicationContext member = start(apps, split(moe, "--moe.node.member=1",
                    "--moe.node.aggregator=127.0.0.1:" + hostExperts.aggregatorPort()));
            RawApi monoApi = api(mono);
            RawApi hostApi = api(host);
            RawApi memberApi = api(member);

            List<TinyModel.Golden> prompts = TinyModel.all();
            // round 0 warms the JIT up; while it compiles a dot product's lanes may be summed in another
            // order (an ulp), so a comparison round that differs is repeated, 4 times at most
            for (int round = 0; ; round++) {
                List<JsonNode> expected = completeAll(monoApi, prompts); // the three services share this JVM's JIT
                CompletableFuture<List<JsonNode>> a = CompletableFuture.supplyAsync(() -> completeAll(hostApi, prompts));
                CompletableFuture<List<JsonNode>> b = CompletableFuture.supplyAsync(() -> completeAll(memberApi, prompts.reversed()));
                List<JsonNode> fromHost = a.get();
                List<JsonNode> fromMember = b.get().reversed();
                if (round == 0) {
                    continue;
                }
                try {
                    for (int i = 0; i < prompts.size(); i++) {
                        assertSameAnswer(expected.get(i), fromHost.get(i), "member 0, prompt " + i);
                        assertSameAnswer(expected.get(i), fromMember.get(i), "member 1, prompt " + i);
                    }
                    break;
                } catch (AssertionError e) {
                    if (round == 4) {
                        throw e;
                    }
                }
            }

            CommStats h = hostExperts.commStats();
            CommStats m = member.getBean(RemoteExperts.class).commStats();
            System.out.println("two-phase node: member 0 " + h + "; member 1 " + m);
            assertThat(h.directMessages() + m.directMessages()).isZero();
            assertThat(m.phase1Messages()).isPositive();
            assertThat(m.phase2Messages()).isZero(); // only the host sends bulk messages
            assertThat(h.phase2Messages()).isLessThan(h.aggregatedBatches() + m.aggregatedBatches());
        } finally {
            for (ConfigurableApplicationContext app : apps.reversed()) {
                app.close();
            }
        }
    }

    private static String[] split(MoeInstances moe, String... node) {
        List<String> args = new ArrayList<>(List.of("--moe.experts.transport=grpc", "--moe.experts.targets=" + moe.targets(),
                "--moe.experts.deadline=10s", "--moe.placement.instances=" + INSTANCES,
                "--moe.placement.redundant-slots=" + REDUNDANT, "--moe.node.members=2", "--moe.node.mode=two-phase",
                "--moe.node.aggregation-timeout=100ms", "--moe.node.active-window=1s"));
        args.addAll(Arrays.asList(node));
        return args.toArray(String[]::new);
    }

    private static ConfigurableApplicationContext start(List<ConfigurableApplicationContext> apps, String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--moe.model.path=" + TinyModel.DIR,
                "--moe.scheduler.compute-threads=1", "--moe.scheduler.kv-cache-tokens=4096"));
        all.addAll(Arrays.asList(args));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AttentionServiceApplication.class)
                .run(all.toArray(String[]::new));
        apps.add(ctx);
        return ctx;
    }

    private static RawApi api(ConfigurableApplicationContext ctx) {
        return new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    private static List<JsonNode> completeAll(RawApi api, List<TinyModel.Golden> prompts) {
        List<JsonNode> out = new ArrayList<>();
        for (TinyModel.Golden g : prompts) {
            out.add(complete(api, g));
        }
        return out;
    }

    /** Greedy completion with the prompt's and every generated token's logprobs (echo). */
    private static JsonNode complete(RawApi api, TinyModel.Golden g) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":"
                + Arrays.toString(g.ids()) + ",\"max_tokens\":" + g.greedy().length
                + ",\"temperature\":0,\"ignore_eos\":true,\"echo\":true,\"logprobs\":3}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("choices").get(0);
    }

    private static String text(JsonNode choice) {
        return choice.get("text").asString();
    }

    private static void assertSameAnswer(JsonNode expected, JsonNode actual, String what) {
        assertThat(text(actual)).as(what).isEqualTo(text(expected));
        JsonNode e = expected.get("logprobs").get("token_logprobs");
        JsonNode a = actual.get("logprobs").get("token_logprobs");
        assertThat(a.size()).as(what).isEqualTo(e.size());
        for (int i = 1; i < e.size(); i++) { // the first prompt token has no logprob (null)
            assertThat(a.get(i).asDouble()).as("%s token %d", what, i).isCloseTo(e.get(i).asDouble(), within(1e-5));
        }
    }
}
