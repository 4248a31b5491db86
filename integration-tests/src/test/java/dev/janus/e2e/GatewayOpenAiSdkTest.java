package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving suite end to end, as a real client sees it: the official OpenAI Java SDK →
 * gateway-service (API key configured) → attention-service → two expert-services (gRPC, every
 * layer's experts split over them with two replicas) on the tiny-mixtral fixture, all started
 * from their executable jars on random ports. Expectations are the fixture's golden
 * greedy tokens, the same ones attention-service's own OpenAiSdkTest checks without the gateway.
 */
class GatewayOpenAiSdkTest {

    static final String KEY = "sk-e2e-test";
    static final TinyMixtral MODEL = new TinyMixtral();
    static final String CHAT_PROMPT = "Name three colours."; // the "chat_template" golden prompt

    @TempDir
    static Path models;

    static GatewaySuite suite;
    static ServiceProcess attention;
    static ServiceProcess gateway;
    static OpenAIClient client;

    @BeforeAll
    static void startServices() {
        suite = GatewaySuite.start("sdk", models, KEY);
        attention = suite.attention;
        gateway = suite.gateway;
        client = client(KEY);
    }

    @AfterAll
    static void stopServices() {
        if (suite != null) {
            suite.close();
        }
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @Test
    void listsTheModelThroughTheGateway() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).containsExactly(TinyMixtral.ID);
        assertThat(client.models().retrieve(TinyMixtral.ID).id()).isEqualTo(TinyMixtral.ID);
    }

    @Test
    void completionGivesTheGoldenGreedyTokensAndUsage() {
        TinyMixtral.Golden g = MODEL.golden("bos_short_text");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyMixtral.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(g.idList()))
                .maxTokens(16).temperature(0.0).build());
        assertThat(c.id()).startsWith("cmpl-");
        assertThat(c.model()).isEqualTo(TinyMixtral.ID);
        CompletionChoice choice = c.choices().getFirst();
        assertThat(choice.text()).isEqualTo(MODEL.decode(g.greedy()));
        assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(g.ids().length + 16);
    }

    @Test
    void completionLogprobsMatchTheReference() {
        TinyMixtral.Golden g = MODEL.golden("bos_short_text");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyMixtral.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(g.idList()))
                .maxTokens(4).temperature(0.0).logprobs(3).build());
        CompletionChoice.Logprobs lp = c.choices().getFirst().logprobs().orElseThrow();
        List<Double> tokenLogprobs = lp.tokenLogprobs().orElseThrow();
        assertThat(tokenLogprobs).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(tokenLogprobs.get(i)).isCloseTo(g.logprobs()[i], within(2e-3));
        }
    }

    @Test
    void chatCompletionGivesTheGoldenGreedyTokensAndUsage() {
        TinyMixtral.Golden g = MODEL.golden("chat_template");
        ChatCompletion c = chat(false);
        assertThat(c.id()).startsWith("chatcmpl-");
        assertThat(c.model()).isEqualTo(TinyMixtral.ID);
        assertThat(c.choices().getFirst().message().content()).contains(MODEL.decode(g.greedy()));
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(g.ids().length + 16);
    }

    @Test
    void chatLogprobsMatchTheReference() {
        TinyMixtral.Golden g = MODEL.golden("chat_template");
        ChatCompletion c = chat(true);
        List<ChatCompletionTokenLogprob> content = c.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat(content).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(content.get(i).logprob()).isCloseTo(g.logprobs()[i], within(2e-3));
            assertThat(content.get(i).topLogprobs()).hasSize(3);
            assertThat(content.get(i).topLogprobs().getFirst().token()).isEqualTo(content.get(i).token()); // greedy = top-1
        }
    }

    @Test
    void streamingChatArrivesChunkByChunkAndEqualsTheWholeAnswer() {
        TinyMixtral.Golden g = MODEL.golden("chat_template");
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(TinyMixtral.ID)
                .addUserMessage(CHAT_PROMPT).maxCompletionTokens(16).temperature(0.0)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).allSatisfy(ch -> {
            assertThat(ch.id()).isEqualTo(chunks.getFirst().id());
            assertThat(ch.model()).isEqualTo(TinyMixtral.ID);
        });
        // first: the role; then content pieces; then finish_reason; last: usage with no choices
        assertThat(chunks.getFirst().choices().getFirst().delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().getFirst().finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(ch -> assertThat(ch.usage()).isEmpty());
        List<String> pieces = chunks.stream().flatMap(ch -> ch.choices().stream())
                .map(ch -> ch.delta().content().orElse("")).filter(s -> !s.isEmpty()).toList();
        assertThat(pieces.size()).as("content arrives in several chunks").isGreaterThan(1);
        String streamed = String.join("", pieces);
        assertThat(streamed).isEqualTo(MODEL.decode(g.greedy()));
        assertThat(chat(false).choices().getFirst().message().content()).contains(streamed);
    }

    @Test
    void stopStringEndsTheTextBeforeIt() {
        TinyMixtral.Golden g = MODEL.golden("bos_short_text");
        String full = MODEL.decode(g.greedy());
        String stop = full.substring(full.length() / 2, full.length() / 2 + 2);
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyMixtral.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(g.idList()))
                .maxTokens(16).temperature(0.0).stop(stop).build());
        assertThat(c.choices().getFirst().text()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(CompletionChoice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().completionTokens()).isLessThan(16);
    }

    @Test
    void unknownModelIs404InOpenAiShape() {
        assertThatThrownBy(() -> client.completions().create(CompletionCreateParams.builder().model("gpt-17")
                .prompt("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void clientWithoutTheGatewaysKeyGets401() {
        // the SDK always sends some bearer key: the placeholder a keyless deployment would take,
        // a wrong one, and the right key minus its last character (no prefix matching)
        for (String key : List.of("unused", "sk-wrong", KEY.substring(0, KEY.length() - 1))) {
            OpenAIClient other = client(key);
            assertThatThrownBy(() -> other.models().list())
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.code()).contains("invalid_api_key");
                    });
        }
        assertThat(client(KEY).models().list().data()).isNotEmpty();
    }

    private static ChatCompletion chat(boolean logprobs) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(TinyMixtral.ID)
                .addUserMessage(CHAT_PROMPT).maxCompletionTokens(16).temperature(0.0);
        if (logprobs) {
            b.logprobs(true).topLogprobs(3);
        }
        return client.chat().completions().create(b.build());
    }

    /**
     * A non-streaming client that closes its connection to the gateway mid-generation: the gateway
     * drops its upstream connection, attention-service notices and cancels the sequence, freeing its
     * KV blocks long before its 2000 tokens could have been generated.
     */
    @Test
    void aClientThatLeavesTheGatewayIsCancelledAtTheAttentionService() throws Exception {
        double cancelled = metric("janus_sequences_total", Map.of("finish_reason", "cancelled"));
        double length = metric("janus_sequences_total", Map.of("finish_reason", "length"));
        byte[] body = ("{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":[1,2,3],\"max_tokens\":2000,"
                + "\"ignore_eos\":true,\"temperature\":0}").getBytes(StandardCharsets.UTF_8);
        URI url = URI.create(gateway.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> metric("janus_scheduler_running_sequences") == 1);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> metric("janus_sequences_total", Map.of("finish_reason", "cancelled")) > cancelled
                        && metric("janus_kv_cache_blocks_used") == 0);
        assertThat(metric("janus_sequences_total", Map.of("finish_reason", "length"))).isEqualTo(length);
    }

    /** Sum of attention-service's Prometheus samples of {@code name} with every one of {@code labels}. */
    private static double metric(String name, Map<String, String> labels) {
        return Scrape.of(attention).sum(name, labels);
    }

    private static double metric(String name) {
        return metric(name, Map.of());
    }
}
