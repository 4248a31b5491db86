package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code usage.prompt_tokens_details.cached_tokens} through both endpoints, whole and streamed
 * with {@code include_usage}, on a GQA fixture (tiny-mixtral) and the MLA latent cache
 * (tiny-deepseek-v2): the same requests run against a service with prefix caching on and one
 * with {@code moe.scheduler.prefix-caching=false}. On, a repeated prompt reports its full
 * 16-token blocks before the last token as cached; off, every count is 0; the outputs are the
 * same either way, and the completions are the fixture's golden greedy tokens.
 */
class PrefixCachingApiTest {

    private static final String FIXTURES = "../model-lib/src/test/resources/fixtures/";
    private static final int BLOCK = 16;
    private static final String SYSTEM = "You are a careful assistant. Answer in one short sentence, name your sources, "
            + "and never repeat the question. Prefer plain words over jargon; keep numbers exact.";

    /** What one scenario produced: every output text and every cached_tokens, in request order. */
    private record Run(List<String> texts, List<Integer> cached, List<Integer> promptTokens) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-deepseek-v2"})
    void cachedTokensAreReportedOnlyWithCachingAndNeverChangeTheOutputs(String model) throws IOException {
        JsonNode golden = RawApi.JSON.readTree(Files.readString(Path.of(FIXTURES, model, "golden.json")));
        JsonNode prompt = golden.get("prompts").valueStream().filter(p -> p.get("name").asString().equals("random_ids_40"))
                .findFirst().orElseThrow();
        String ids = prompt.get("ids").toString();
        int[] greedy = prompt.get("greedy").get("ids").valueStream().mapToInt(JsonNode::asInt).toArray();

        Run on = run(model, true, ids, greedy);
        Run off = run(model, false, ids, greedy);

        assertThat(on.texts()).isEqualTo(off.texts());
        assertThat(off.cached()).as("caching off").containsOnly(0);
        int chat = on.promptTokens().get(4);
        int chatCached = (chat - 1) / BLOCK * BLOCK; // full blocks before the last prompt token
        assertThat(chatCached).as("the chat prompt spans full blocks").isPositive();
        // completions: cold, warm, warm streamed, warm n=2; chat: cold, warm, warm streamed
        assertThat(on.cached()).containsExactly(0, 32, 32, 32, 0, chatCached, chatCached);
    }

    private static Run run(String model, boolean prefixCaching, String ids, int[] greedy) {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                "--server.port=0", "--moe.model.path=" + FIXTURES + model, "--moe.scheduler.compute-threads=2",
                "--moe.scheduler.kv-cache-tokens=4096", "--moe.internal.token=test",
                "--moe.scheduler.prefix-caching=" + prefixCaching)) {
            RawApi api = new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());
            String goldenText = decode(api, model, greedy);
            Run run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            String completion = "{\"model\":\"" + model + "\",\"prompt\":" + ids + ",\"max_tokens\":" + greedy.length
                    + ",\"temperature\":0,\"ignore_eos\":true";
            for (int i = 0; i < 2; i++) {
                JsonNode r = ok(api.post("/v1/completions", completion + "}"));
                add(run, r.get("choices").get(0).get("text").asString(), r.get("usage"));
                assertThat(run.texts().getLast()).isEqualTo(goldenText);
            }
            List<JsonNode> chunks = StructuredOutputTest.events(api.post("/v1/completions", completion
                    + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
            add(run, streamed(chunks, c -> c.get("text")), chunks.getLast().get("usage"));
            JsonNode two = ok(api.post("/v1/completions", completion + ",\"n\":2}"));
            assertThat(two.get("choices").valueStream().map(c -> c.get("text").asString())).containsOnly(goldenText);
            add(run, two.get("choices").get(1).get("text").asString(), two.get("usage"));

            String chat = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM
                    + "\"},{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],\"max_tokens\":12,\"temperature\":0";
            for (int i = 0; i < 2; i++) {
                JsonNode r = ok(api.post("/v1/chat/completions", chat + "}"));
                add(run, r.get("choices").get(0).get("message").get("content").asString(), r.get("usage"));
            }
            chunks = StructuredOutputTest.events(api.post("/v1/chat/completions", chat
                    + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
            add(run, streamed(chunks, c -> c.get("delta").get("content")), chunks.getLast().get("usage"));
            assertThat(run.texts().getLast()).isEqualTo(run.texts().get(4));
            return run;
        }
    }

    private static JsonNode ok(RawApi.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static void add(Run run, String text, JsonNode usage) {
        run.texts().add(text);
        run.cached().add(usage.get("prompt_tokens_details").get("cached_tokens").asInt());
        run.promptTokens().add(usage.get("prompt_tokens").asInt());
    }

    /** The text of a stream's chunks (the last one carries the usage and no choice). */
    private static String streamed(List<JsonNode> chunks, java.util.function.Function<JsonNode, JsonNode> text) {
        StringBuilder out = new StringBuilder();
        for (JsonNode c : chunks) {
            for (JsonNode choice : c.get("choices")) {
                JsonNode t = text.apply(choice);
                if (t != null && t.isString()) {
                    out.append(t.asString());
                }
            }
        }
        return out.toString();
    }

    /** The text the service decodes {@code ids} to (echo of a token-id prompt). */
    private static String decode(RawApi api, String model, int[] ids) {
        JsonNode r = ok(api.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":0,\"echo\":true}"));
        return r.get("choices").get(0).get("text").asString();
    }
}
