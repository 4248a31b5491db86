package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic prefix caching as an OpenAI client sees it: the official Java SDK through the
 * gateway (API key) to attention-service with two expert-services over gRPC (tiny-mixtral).
 * A repeated prompt reports {@code usage.prompt_tokens_details.cached_tokens} (its full 16-token
 * KV blocks before the last token) and still gives the golden greedy tokens.
 */
class GatewayPrefixCachingSdkTest {

    private static final String KEY = "sk-e2e-prefix";
    private static final int BLOCK = 16; // attention-service's default moe.scheduler.kv-block-size
    private static final TinyMixtral MODEL = new TinyMixtral();
    private static final String SYSTEM = "You are a careful assistant. Answer in one short sentence, name your sources, "
            + "and never repeat the question. Prefer plain words over jargon; keep numbers exact.";

    @TempDir
    static Path models;

    private static GatewaySuite suite;
    private static OpenAIClient client;

    @BeforeAll
    static void startServices() {
        suite = GatewaySuite.start("prefix", models, KEY);
        client = suite.client(KEY);
    }

    @AfterAll
    static void stopServices() {
        if (suite != null) {
            suite.close();
        }
    }

    private static long cached(CompletionUsage usage) {
        return usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
    }

    @Test
    void aRepeatedCompletionPromptReportsItsCachedTokensAndKeepsTheGoldenText() {
        TinyMixtral.Golden g = MODEL.golden("random_ids_40");
        CompletionCreateParams params = CompletionCreateParams.builder().model(TinyMixtral.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(g.idList())).maxTokens(16).temperature(0.0).build();
        Completion cold = client.completions().create(params);
        Completion warm = client.completions().create(params);

        assertThat(cold.choices().getFirst().text()).isEqualTo(MODEL.decode(g.greedy()));
        assertThat(warm.choices().getFirst().text()).isEqualTo(MODEL.decode(g.greedy()));
        assertThat(cached(cold.usage().orElseThrow())).isZero();
        assertThat(cached(warm.usage().orElseThrow())).isEqualTo((g.ids().length - 1) / BLOCK * BLOCK);
    }

    @Test
    void aRepeatedChatPromptReportsItsCachedTokensWholeAndStreamed() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(TinyMixtral.ID)
                .addSystemMessage(SYSTEM).addUserMessage("Why is the sky blue?").maxCompletionTokens(12).temperature(0.0)
                .build();
        ChatCompletion cold = client.chat().completions().create(params);
        long promptTokens = cold.usage().orElseThrow().promptTokens();
        long reusable = (promptTokens - 1) / BLOCK * BLOCK;
        assertThat(reusable).as("the system prompt spans full blocks").isPositive();
        assertThat(cached(cold.usage().orElseThrow())).isZero();

        ChatCompletion warm = client.chat().completions().create(params);
        assertThat(cached(warm.usage().orElseThrow())).isEqualTo(reusable);
        String answer = cold.choices().getFirst().message().content().orElseThrow();
        assertThat(warm.choices().getFirst().message().content()).contains(answer);

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(cached(chunks.getLast().usage().orElseThrow())).isEqualTo(reusable);
        String streamed = String.join("", chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).toList());
        assertThat(streamed).isEqualTo(answer);
    }
}
