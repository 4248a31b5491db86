package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
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
import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import dev.janus.attention.model.ServedModel;
import dev.janus.model.chat.ChatMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The API as the official OpenAI Java SDK sees it, checked against the fixture's golden greedy tokens. */
@ApiTest
class OpenAiSdkTest {

    @LocalServerPort
    int port;

    @Autowired
    ServedModel model;

    OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("unused")
                .maxRetries(0).build();
    }

    private String decode(int[] ids) {
        return model.tokenizer().decode(ids, true);
    }

    private static List<Long> longs(int[] ids) {
        return Arrays.stream(ids).asLongStream().boxed().toList();
    }

    @Test
    void listsTheModelByDirectoryName() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).containsExactly(TinyModel.ID);
        assertThat(client.models().retrieve(TinyModel.ID).id()).isEqualTo(TinyModel.ID);
    }

    @Test
    void completionOfTokenIdsGivesTheGoldenGreedyTokens() {
        TinyModel.Golden g = TinyModel.golden("bos_short_text");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(g.ids())))
                .maxTokens(16).temperature(0.0).build());
        assertThat(c.id()).startsWith("cmpl-");
        assertThat(c.model()).isEqualTo(TinyModel.ID);
        CompletionChoice choice = c.choices().getFirst();
        assertThat(choice.text()).isEqualTo(decode(g.greedy()));
        assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(g.ids().length + 16);
    }

    @Test
    void completionWithLogprobsAndEcho() {
        TinyModel.Golden g = TinyModel.golden("bos_short_text");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(g.ids())))
                .maxTokens(4).temperature(0.0).logprobs(3).echo(true).build());
        CompletionChoice choice = c.choices().getFirst();
        assertThat(choice.text()).isEqualTo(model.tokenizer().decode(g.ids(), false) + decode(Arrays.copyOf(g.greedy(), 4)));
        CompletionChoice.Logprobs lp = choice.logprobs().orElseThrow();
        assertThat(lp.tokens().orElseThrow()).hasSize(g.ids().length + 4);
        List<Double> tokenLogprobs = lp.tokenLogprobs().orElseThrow();
        assertThat(tokenLogprobs.getFirst()).isNull(); // the first prompt token has no logprob
        for (int i = 0; i < 4; i++) {
            assertThat(tokenLogprobs.get(g.ids().length + i)).isCloseTo(g.logprobs()[i], within(2e-3));
        }
    }

    @Test
    void chatCompletionRendersTheChatTemplate() {
        TinyModel.Golden g = TinyModel.golden("chat_template"); // "Name three colours." as one user message
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(TinyModel.ID)
                .addUserMessage("Name three colours.").maxCompletionTokens(16).temperature(0.0).build());
        assertThat(c.id()).startsWith("chatcmpl-");
        assertThat(c.choices().getFirst().message().content()).contains(decode(g.greedy()));
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
    }

    @Test
    void chatLogprobsMatchTheReference() {
        TinyModel.Golden g = TinyModel.golden("chat_template");
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(TinyModel.ID)
                .addUserMessage("Name three colours.").maxCompletionTokens(16).temperature(0.0)
                .logprobs(true).topLogprobs(3).build());
        List<ChatCompletionTokenLogprob> content = c.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat(content).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(content.get(i).logprob()).isCloseTo(g.logprobs()[i], within(2e-3));
            assertThat(content.get(i).topLogprobs()).hasSize(3);
            assertThat(content.get(i).topLogprobs().getFirst().token()).isEqualTo(content.get(i).token()); // greedy = top-1
        }
    }

    @Test
    void streamingChatArrivesChunkByChunk() {
        TinyModel.Golden g = TinyModel.golden("chat_template");
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(TinyModel.ID)
                .addUserMessage("Name three colours.").maxCompletionTokens(16).temperature(0.0)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).allSatisfy(ch -> {
            assertThat(ch.id()).isEqualTo(chunks.getFirst().id());
            assertThat(ch.model()).isEqualTo(TinyModel.ID);
        });
        // first: the role; then content pieces; then finish_reason; last: usage with no choices
        assertThat(chunks.getFirst().choices().getFirst().delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(g.ids().length);
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().getFirst().finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        List<String> pieces = chunks.stream().flatMap(ch -> ch.choices().stream())
                .map(ch -> ch.delta().content().orElse("")).filter(s -> !s.isEmpty()).toList();
        assertThat(pieces.size()).isGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(decode(g.greedy()));
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(ch -> assertThat(ch.usage()).isEmpty());
    }

    @Test
    void stopStringEndsTheTextBeforeIt() {
        TinyModel.Golden g = TinyModel.golden("bos_short_text");
        String full = decode(g.greedy());
        String stop = full.substring(full.length() / 2, full.length() / 2 + 2);
        String expected = full.substring(0, full.indexOf(stop));
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(g.ids())))
                .maxTokens(16).temperature(0.0).stop(stop).build());
        assertThat(c.choices().getFirst().text()).isEqualTo(expected);
        assertThat(c.choices().getFirst().finishReason()).isEqualTo(CompletionChoice.FinishReason.STOP);
    }

    @Test
    void multiplePromptsAndChoices() {
        TinyModel.Golden a = TinyModel.golden("bos_only");
        TinyModel.Golden b = TinyModel.golden("text_no_bos");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokenArrays(List.of(longs(a.ids()), longs(b.ids()))))
                .maxTokens(8).temperature(0.0).n(2).build());
        assertThat(c.choices()).extracting(CompletionChoice::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(c.choices()).extracting(CompletionChoice::text).containsExactly(
                decode(Arrays.copyOf(a.greedy(), 8)), decode(Arrays.copyOf(a.greedy(), 8)),
                decode(Arrays.copyOf(b.greedy(), 8)), decode(Arrays.copyOf(b.greedy(), 8)));
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(a.ids().length + b.ids().length);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(32);
    }

    @Test
    void seededSamplingIsReproducible() {
        CompletionCreateParams params = CompletionCreateParams.builder().model(TinyModel.ID).prompt("Hello")
                .maxTokens(12).temperature(1.0).seed(42).build();
        String first = client.completions().create(params).choices().getFirst().text();
        assertThat(client.completions().create(params).choices().getFirst().text()).isEqualTo(first);
    }

    @Test
    void topKOfOneIsGreedyWhateverTheTemperature() {
        TinyModel.Golden g = TinyModel.golden("text_no_bos");
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(g.ids()))).maxTokens(16).temperature(1.5)
                .putAdditionalBodyProperty("top_k", JsonValue.from(1)).build());
        assertThat(c.choices().getFirst().text()).isEqualTo(decode(g.greedy()));
    }

    @Test
    void conversationWithEveryRoleIsRenderedByTheTemplate() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(TinyModel.ID)
                .addSystemMessage("Be brief.").addUserMessage("Hi").addAssistantMessage("Hello!")
                .addUserMessage("Name three colours.").maxCompletionTokens(4).temperature(0.0).build());
        String rendered = model.chat().orElseThrow().render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello!"), ChatMessage.user("Name three colours.")), true);
        assertThat(rendered).contains("Be brief.").contains("Hello!");
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(model.tokenizer().encode(rendered, false).length);
        assertThat(c.choices().getFirst().message()._role().asString()).contains("assistant");
    }

    @Test
    void unknownModelIs404InOpenAiShape() {
        assertThatThrownBy(() -> client.completions().create(CompletionCreateParams.builder().model("gpt-17")
                .prompt("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void promptLongerThanTheContextIs400() {
        int[] ids = new int[model.contextLength()];
        Arrays.fill(ids, 5);
        assertThatThrownBy(() -> client.completions().create(CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(ids))).maxTokens(1).build()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.code()).contains("context_length_exceeded"));
    }

    @Test
    void streamingCompletionConcatenatesToTheWholeText() {
        TinyModel.Golden g = TinyModel.golden("random_ids_40");
        CompletionCreateParams params = CompletionCreateParams.builder().model(TinyModel.ID)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(longs(g.ids()))).maxTokens(16).temperature(0.0).build();
        try (StreamResponse<Completion> stream = client.completions().createStreaming(params)) {
            List<Completion> chunks = stream.stream().toList();
            assertThat(chunks.size()).isGreaterThan(1);
            assertThat(chunks.stream().map(ch -> ch.choices().getFirst().text()).collect(Collectors.joining()))
                    .isEqualTo(decode(g.greedy()));
            assertThat(chunks.getLast().choices().getFirst().finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        }
    }
}
