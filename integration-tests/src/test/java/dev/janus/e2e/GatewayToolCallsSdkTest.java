package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constrained decoding as an OpenAI Java SDK user sees it through the gateway (API key configured)
 * in front of the split deployment (attention-service and two expert-services) on tiny-mixtral
 * (Mistral's {@code [TOOL_CALLS]} syntax): forced calls come back as {@code tool_calls} with valid
 * arguments, the streamed deltas assemble into the same call as the whole answer, and the call
 * plus its result go back as the next turn; a {@code json_schema} response format gives JSON that
 * validates; vLLM's /tokenize counts the same chat prompt through the gateway.
 */
class GatewayToolCallsSdkTest {

    static final String KEY = "sk-e2e-tools";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path models;

    static GatewaySuite suite;
    static ServiceProcess gateway;
    static OpenAIClient client;


    @BeforeAll
    static void startServices() {
        suite = GatewaySuite.start("tools", models, KEY);
        gateway = suite.gateway;
        client = suite.client(KEY);
    }

    @AfterAll
    static void stopServices() {
        if (suite != null) {
            suite.close();
        }
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string", "minLength", 1, "maxLength", 8),
                                "unit", Map.of("enum", List.of("celsius", "fahrenheit")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city", "unit")))
                        .build())
                .build();
    }

    private static FunctionDefinition time() {
        return FunctionDefinition.builder().name("get_time")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("tz", Map.of("type", "string", "maxLength", 6))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("tz")))
                        .build())
                .build();
    }

    private static ChatCompletionCreateParams.Builder request() {
        return ChatCompletionCreateParams.builder().model(TinyMixtral.ID).addUserMessage("Weather in Paris?")
                .addFunctionTool(weather()).addFunctionTool(time()).maxCompletionTokens(300);
    }

    /** The arguments as the schemas above want them (checked by hand: one validator less on this path). */
    private static void assertValidArguments(String name, String arguments) throws Exception {
        JsonNode args = JSON.readTree(arguments);
        assertThat(args.isObject()).as(arguments).isTrue();
        if (name.equals("get_weather")) {
            assertThat(args.path("city").isTextual()).as(arguments).isTrue();
            assertThat(args.path("city").asText().codePointCount(0, args.path("city").asText().length())).isBetween(1, 8);
            assertThat(args.path("unit").asText()).isIn("celsius", "fahrenheit");
        } else {
            assertThat(name).isEqualTo("get_time");
            assertThat(args.path("tz").isTextual()).as(arguments).isTrue();
        }
    }

    @Test
    void aJsonSchemaResponseFormatGivesValidJsonGreedyAndSampled() throws Exception {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("city").strict(true).schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "name", Map.of("type", "string", "minLength", 1, "maxLength", 12),
                                "population", Map.of("type", "integer", "minimum", 0, "maximum", 99999),
                                "tags", Map.of("type", "array", "items", Map.of("enum", List.of("big", "old", "port")),
                                        "maxItems", 2))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("name", "population", "tags")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build()).build()).build();
        for (double temperature : new double[] {0.0, 1.0}) {
            ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(TinyMixtral.ID)
                    .addUserMessage("A city as JSON").responseFormat(format).temperature(temperature).seed(3)
                    .maxCompletionTokens(200).build());
            String text = c.choices().getFirst().message().content().orElseThrow();
            JsonNode city = JSON.readTree(text);
            assertThat(city.size()).as(text).isEqualTo(3);
            assertThat(city.path("name").asText().codePointCount(0, city.path("name").asText().length())).as(text).isBetween(1, 12);
            assertThat(city.path("population").isIntegralNumber()).as(text).isTrue();
            assertThat(city.path("population").asLong()).as(text).isBetween(0L, 99999L);
            assertThat(city.path("tags").isArray()).as(text).isTrue();
            assertThat(city.path("tags").size()).as(text).isLessThanOrEqualTo(2);
            city.path("tags").forEach(t -> assertThat(t.asText()).isIn("big", "old", "port"));
        }
    }

    @Test
    void requiredGivesValidCallsAndTheyGoBackAsTheNextTurn() throws Exception {
        ChatCompletion c = client.chat().completions().create(request()
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).temperature(1.0).seed(7).build());
        ChatCompletion.Choice choice = c.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).isEmpty();
        List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
        assertThat(calls).isNotEmpty();
        for (ChatCompletionMessageToolCall call : calls) {
            ChatCompletionMessageFunctionToolCall f = call.asFunction();
            assertThat(f.id()).startsWith("call_");
            assertValidArguments(f.function().name(), f.function().arguments());
        }

        ChatCompletionCreateParams.Builder next = request().addMessage(choice.message());
        for (ChatCompletionMessageToolCall call : calls) {
            next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("18 C").build());
        }
        ChatCompletion answer = client.chat().completions().create(next.maxCompletionTokens(4).build());
        assertThat(answer.usage().orElseThrow().promptTokens()).as("the call and its result are in the prompt")
                .isGreaterThan(c.usage().orElseThrow().promptTokens());
    }

    @Test
    void aNamedFunctionStreamsTheSameCallAsTheWholeAnswer() throws Exception {
        ChatCompletionNamedToolChoice named = ChatCompletionNamedToolChoice.builder()
                .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build()).build();
        ChatCompletionMessageFunctionToolCall whole = client.chat().completions().create(request().toolChoice(named)
                .temperature(0.0).build()).choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(whole.function().name()).isEqualTo("get_weather");

        List<ChatCompletionChunk.Choice.Delta.ToolCall> deltas = new ArrayList<>();
        ChatCompletionChunk.Choice.FinishReason finish = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                request().toolChoice(named).temperature(0.0).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice ch : chunk.choices()) {
                    ch.delta().toolCalls().ifPresent(deltas::addAll);
                    if (ch.finishReason().isPresent()) {
                        finish = ch.finishReason().get();
                    }
                }
            }
        }
        assertThat(finish).isEqualTo(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
        assertThat(deltas.getFirst().id()).hasValueSatisfying(id -> assertThat(id).startsWith("call_"));
        assertThat(deltas.getFirst().function().orElseThrow().name()).hasValue("get_weather");
        assertThat(deltas.size()).as("arguments in pieces").isGreaterThan(2);
        StringBuilder arguments = new StringBuilder();
        for (ChatCompletionChunk.Choice.Delta.ToolCall d : deltas) {
            assertThat(d.index()).isZero();
            d.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).ifPresent(arguments::append);
        }
        assertThat(arguments.toString()).isEqualTo(whole.function().arguments());
        assertValidArguments("get_weather", arguments.toString());
    }

    /** vLLM's /tokenize, routed by the gateway with the API key, counts a chat prompt as the chat endpoint does. */
    @Test
    void tokenizeCountsTheChatPromptThroughTheGateway() throws Exception {
        String messages = "[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/tokenize"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + TinyMixtral.ID + "\",\"messages\":" + messages
                        + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model(TinyMixtral.ID)
                .addUserMessage("Weather in Paris?").maxCompletionTokens(1).build());
        assertThat(JSON.readTree(r.body()).get("count").asLong()).isEqualTo(c.usage().orElseThrow().promptTokens());
        HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/detokenize"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[1]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownFunctionIsABadRequest() {
        ChatCompletionNamedToolChoice unknown = ChatCompletionNamedToolChoice.builder()
                .function(ChatCompletionNamedToolChoice.Function.builder().name("launch").build()).build();
        assertThatThrownBy(() -> client.chat().completions().create(request().toolChoice(unknown).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("launch");
    }
}
