package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.tools.ToolCallSyntax;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** tool_choice auto: text and calls as a model writes them become OpenAI's message and deltas. */
class ChoiceToolCallsTest {

    private static final String OUTPUT = "Checking.[TOOL_CALLS][{\"name\": \"get_time\", \"arguments\": {\"tz\":\"CET\"}}, "
            + "{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\"}}]";

    @Test
    void contentAndCallsBecomeTheMessage() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, RawApi.JSON, true);
        calls.feed(OUTPUT);
        calls.finish();
        ObjectNode message = RawApi.JSON.createObjectNode();
        calls.writeMessage(message);
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
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, RawApi.JSON, true);
        List<ObjectNode> deltas = new ArrayList<>();
        for (int i = 0; i < OUTPUT.length(); i += 3) {
            deltas.addAll(calls.feed(OUTPUT.substring(i, Math.min(OUTPUT.length(), i + 3))));
        }
        deltas.addAll(calls.finish());
        StringBuilder content = new StringBuilder();
        List<StringBuilder> arguments = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ObjectNode d : deltas) {
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
        ObjectNode message = RawApi.JSON.createObjectNode();
        calls.writeMessage(message);
        assertThat(message.get("tool_calls").get(0).get("id").asString()).isEqualTo(ids.get(0));
    }

    @Test
    void withoutParallelCallsOnlyTheFirstCallCounts() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, RawApi.JSON, false);
        calls.feed(OUTPUT);
        calls.finish();
        assertThat(calls.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_time"));
    }

    @Test
    void plainTextIsContentAndStops() {
        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.HERMES, RawApi.JSON, true);
        calls.feed("No tools needed <tool");
        calls.finish();
        ObjectNode message = RawApi.JSON.createObjectNode();
        calls.writeMessage(message);
        assertThat(message.get("content").asString()).isEqualTo("No tools needed <tool");
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(calls.finishReason("stop")).isEqualTo("stop");
    }
}
