package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.tools.ToolCallSyntax;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** tool_choice auto: text and calls as a model writes them become OpenAI's message and deltas. */
class ChoiceToolCallsTest {

    private static final String OUTPUT = "Checking.[TOOL_CALLS][{\"name\": \"get_time\", \"arguments\": {\"tz\":\"CET\"}}, "
            + "{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\"}}]";

    @Test
    void contentAndCallsBecomeTheMessage() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, true);
        calls.feed(OUTPUT);
        calls.finish();
        JsonNode message = RawApi.JSON.valueToTree(calls.message());
        assertThat(message.get("content").asString()).isEqualTo("Checking.");
        assertThat(message.get("tool_calls")).hasSize(2);
        assertThat(message.get("tool_calls").get(0).get("id").asString()).matches("call_[0-9a-f]{24}");
        assertThat(message.get("tool_calls").get(1).get("function").toString())
                .isEqualTo("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}");
        assertThat(calls.finishReason("stop")).isEqualTo("tool_calls");
        assertThat(calls.finishReason("length")).isEqualTo("length");
    }

    @Test
    void streamedTokenByTokenTheDeltasRebuildTheSameCalls() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, true);
        List<JsonNode> deltas = new ArrayList<>();
        for (int i = 0; i < OUTPUT.length(); i += 3) {
            calls.feed(OUTPUT.substring(i, Math.min(OUTPUT.length(), i + 3))).forEach(d -> deltas.add(RawApi.JSON.valueToTree(d)));
        }
        calls.finish().forEach(d -> deltas.add(RawApi.JSON.valueToTree(d)));
        StringBuilder content = new StringBuilder();
        List<StringBuilder> arguments = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode d : deltas) {
            if (d.has("content")) {
                content.append(d.get("content").asString());
                continue;
            }
            var call = d.get("tool_calls").get(0);
            int index = call.get("index").asInt();
            if (call.has("id")) {
                assertThat(index).isEqualTo(ids.size());
                assertThat(call.get("function").get("arguments").asString()).isEmpty();
                ids.add(call.get("id").asString());
                arguments.add(new StringBuilder());
            } else {
                arguments.get(index).append(call.get("function").get("arguments").asString());
            }
        }
        assertThat(content.toString()).isEqualTo("Checking.");
        assertThat(arguments).map(StringBuilder::toString).containsExactly("{\"tz\":\"CET\"}", "{\"city\":\"Oslo\"}");
        JsonNode message = RawApi.JSON.valueToTree(calls.message());
        assertThat(message.get("tool_calls").get(0).get("id").asString()).isEqualTo(ids.get(0));
    }

    @Test
    void withoutParallelCallsOnlyTheFirstCallCounts() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, false);
        calls.feed(OUTPUT);
        calls.finish();
        assertThat(calls.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_time"));
    }

    @Test
    void plainTextIsContentAndStops() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.HERMES, true);
        calls.feed("No tools needed <tool");
        calls.finish();
        JsonNode message = RawApi.JSON.valueToTree(calls.message());
        assertThat(message.get("content").asString()).isEqualTo("No tools needed <tool");
        assertThat(message.has("tool_calls")).as("left out when there are none").isFalse();
        assertThat(message.get("refusal").isNull()).isTrue();
        assertThat(calls.finishReason("stop")).isEqualTo("stop");
    }
}
