package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * tools / tool_choice / parallel_tool_calls on /v1/chat/completions, served by tiny-mixtral (Mistral's
 * {@code [TOOL_CALLS]} syntax): forced calls are valid whatever the random weights, streamed as
 * OpenAI streams tool-call deltas, equal to the non-streamed answer; none and auto leave text alone;
 * tool results go back into the conversation; wrong requests are 400s naming the field.
 */
@ApiTest
class ToolCallsTest {

    static final String WEATHER = """
            {"type":"object","properties":{"city":{"type":"string","minLength":1,"maxLength":8},
             "unit":{"enum":["celsius","fahrenheit"]}},"required":["city","unit"]}""";
    static final String TIME = """
            {"type":"object","properties":{"tz":{"type":"string","maxLength":6}},"required":["tz"]}""";
    static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather in a city\",\"parameters\":" + WEATHER + "}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":" + TIME + "}}]";
    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";
    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]";

    @LocalServerPort
    int port;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    static List<String> argumentErrors(String function, String arguments) {
        String schema = function.equals("get_weather") ? WEATHER : TIME;
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema, InputFormat.JSON)
                    .validate(arguments, InputFormat.JSON).stream().map(Object::toString).toList();
        } catch (RuntimeException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static String chat(String extra) {
        return "{" + M + "," + USER + ",\"max_tokens\":300," + TOOLS + extra + "}";
    }

    @Test
    void requiredCallsValidateAndFinishWithToolCalls() {
        RawApi.Reply r = api.post("/v1/chat/completions", chat(",\"tool_choice\":\"required\",\"temperature\":1.0,"
                + "\"seed\":5,\"n\":3"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode choice : r.json().get("choices")) {
            assertThat(choice.get("finish_reason").asString()).as(r.body()).isEqualTo("tool_calls");
            JsonNode message = choice.get("message");
            assertThat(message.get("content").isNull()).as(r.body()).isTrue();
            assertThat(message.get("tool_calls")).isNotEmpty();
            for (JsonNode call : message.get("tool_calls")) {
                assertThat(call.get("id").asString()).startsWith("call_");
                assertThat(call.get("type").asString()).isEqualTo("function");
                String name = call.get("function").get("name").asString();
                assertThat(name).isIn("get_weather", "get_time");
                String arguments = call.get("function").get("arguments").asString();
                assertThat(argumentErrors(name, arguments)).as(arguments).isEmpty();
            }
        }
    }

    @Test
    void namedFunctionStreamsDeltasEqualToTheWholeAnswer() {
        String forced = ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},\"temperature\":0";
        JsonNode whole = api.post("/v1/chat/completions", chat(forced)).json().get("choices").get(0);
        assertThat(whole.get("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = whole.get("message").get("tool_calls").get(0);
        assertThat(whole.get("message").get("tool_calls")).hasSize(1);
        assertThat(call.get("function").get("name").asString()).isEqualTo("get_weather");

        List<JsonNode> deltas = new ArrayList<>();
        String finish = null;
        for (JsonNode event : StructuredOutputTest.events(api.post("/v1/chat/completions", chat(forced + ",\"stream\":true")))) {
            JsonNode c = event.get("choices").get(0);
            if (c.get("delta").has("tool_calls")) {
                deltas.add(c.get("delta").get("tool_calls").get(0));
            }
            assertThat(c.get("delta").path("content").asString("")).as("no text beside a forced call").isEmpty();
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asString();
            }
        }
        assertThat(finish).isEqualTo("tool_calls");
        JsonNode first = deltas.getFirst();
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("id").asString()).startsWith("call_");
        assertThat(first.get("type").asString()).isEqualTo("function");
        assertThat(first.get("function").get("name").asString()).isEqualTo("get_weather");
        assertThat(first.get("function").get("arguments").asString()).isEmpty();
        StringBuilder arguments = new StringBuilder();
        for (JsonNode d : deltas.subList(1, deltas.size())) {
            assertThat(d.get("index").asInt()).isZero();
            assertThat(d.has("id")).isFalse();
            arguments.append(d.get("function").get("arguments").asString());
        }
        assertThat(deltas.size()).as("arguments come in pieces").isGreaterThan(2);
        assertThat(arguments.toString()).isEqualTo(call.get("function").get("arguments").asString());
        assertThat(argumentErrors("get_weather", arguments.toString())).isEmpty();
    }

    @Test
    void noneAndAutoLeaveTheTextOfThisTemplateUnchanged() {
        // tiny-mixtral's template ignores tools: the prompt, hence the greedy text, is the same
        String plain = "{" + M + "," + USER + ",\"max_tokens\":12,\"temperature\":0}";
        JsonNode expected = api.post("/v1/chat/completions", plain).json().get("choices").get(0).get("message");
        for (String choice : List.of("\"none\"", "\"auto\"")) {
            RawApi.Reply r = api.post("/v1/chat/completions", "{" + M + "," + USER + ",\"max_tokens\":12,\"temperature\":0,"
                    + TOOLS + ",\"tool_choice\":" + choice + "}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode c = r.json().get("choices").get(0);
            assertThat(c.get("message").get("content").asString()).as(choice).isEqualTo(expected.get("content").asString());
            assertThat(c.get("message").has("tool_calls")).isFalse();
            assertThat(c.get("finish_reason").asString()).isEqualTo("length");
        }
    }

    @Test
    void toolResultsGoBackIntoTheConversation() {
        String body = "{" + M + ",\"max_tokens\":4," + TOOLS + ",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 C\"}]}";
        RawApi.Reply r = api.post("/v1/chat/completions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int withResult = r.json().get("usage").get("prompt_tokens").asInt();
        RawApi.Reply shorter = api.post("/v1/chat/completions", "{" + M + ",\"max_tokens\":4," + TOOLS + "," + USER + "}");
        assertThat(withResult).as("the tool turn is in the prompt").isGreaterThan(
                shorter.json().get("usage").get("prompt_tokens").asInt() + 3);
    }

    @Test
    void badToolRequestsAreOpenAiErrorsNamingTheField() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(chat(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}"), "tool_choice.function.name");
        cases.put(chat(",\"tool_choice\":\"sometimes\""), "tool_choice");
        cases.put("{" + M + "," + USER + ",\"tool_choice\":\"required\"}", "tool_choice");
        cases.put("{" + M + "," + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"x+\"}}}}}],"
                + "\"tool_choice\":\"required\"}", "tools");
        cases.put("{" + M + "," + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":3}}]}",
                "tools[0].function.parameters");
        cases.put("{" + M + "," + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name\"}}]}",
                "tools[0].function.name");
        cases.put("{" + M + "," + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", "tools[1].function.name");
        cases.put(chat(",\"tool_choice\":\"required\",\"response_format\":{\"type\":\"json_object\"}"), "response_format");
        cases.put("{" + M + ",\"messages\":[{\"role\":\"tool\",\"content\":\"18 C\"}]}", "messages[0].tool_call_id");
        cases.put("{" + M + ",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}", "messages[0].tool_calls[0].function.arguments");
        for (var c : cases.entrySet()) {
            RawApi.Reply r = api.post("/v1/chat/completions", c.getKey());
            assertThat(r.status()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.json().get("error").get("param").asString()).as(r.body()).isEqualTo(c.getValue());
        }
        RawApi.Reply legacy = api.post("/v1/completions", "{" + M + ",\"prompt\":\"x\"," + TOOLS + "}");
        assertThat(legacy.status()).as(legacy.body()).isEqualTo(400);
        assertThat(legacy.json().get("error").get("code").asString()).isEqualTo("unsupported_parameter");
    }
}
