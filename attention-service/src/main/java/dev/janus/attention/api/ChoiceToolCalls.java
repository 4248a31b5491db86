package dev.janus.attention.api;

import dev.janus.model.tools.ToolCallEvent;
import dev.janus.model.tools.ToolCallStreamParser;
import dev.janus.model.tools.ToolCallSyntax;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One chat choice's output read for function calls: the parser's events become OpenAI's
 * {@code message.tool_calls} (ids {@code call_...}, arguments a JSON string) or, streamed,
 * deltas: the first names the call ({@code index}, {@code id}, {@code type}, {@code function.name},
 * empty arguments), the next ones carry pieces of {@code function.arguments}.
 */
final class ChoiceToolCalls {

    record Call(String id, String name, StringBuilder arguments) {
    }

    private final ToolCallStreamParser parser;
    private final JsonMapper json;
    private final boolean parallel;
    private final StringBuilder content = new StringBuilder();
    private final List<Call> calls = new ArrayList<>();

    ChoiceToolCalls(ToolCallSyntax syntax, JsonMapper json, boolean parallel) {
        this.parser = new ToolCallStreamParser(syntax);
        this.json = json;
        this.parallel = parallel;
    }

    /** The deltas (content or tool_calls) that a new piece of output text completes. */
    List<ObjectNode> feed(String text) {
        return deltas(parser.feed(text));
    }

    /** The deltas of what the parser held back until the end. */
    List<ObjectNode> finish() {
        return deltas(parser.finish());
    }

    /** "tool_calls" when the choice stopped after calling; "length" and others stay. */
    String finishReason(String reason) {
        return !calls.isEmpty() && "stop".equals(reason) ? "tool_calls" : reason;
    }

    /** Fills a non-streamed {@code message}: content (null when the answer is only calls) and tool_calls. */
    void writeMessage(ObjectNode message) {
        if (calls.isEmpty() || !content.toString().isBlank()) {
            message.put("content", content.toString());
        } else {
            message.putNull("content");
        }
        message.putNull("refusal");
        if (!calls.isEmpty()) {
            ArrayNode array = message.putArray("tool_calls");
            for (Call c : calls) {
                ObjectNode call = array.addObject().put("id", c.id).put("type", "function");
                call.putObject("function").put("name", c.name).put("arguments", c.arguments.toString());
            }
        }
    }

    private List<ObjectNode> deltas(List<ToolCallEvent> events) {
        List<ObjectNode> out = new ArrayList<>();
        for (ToolCallEvent e : events) {
            switch (e) {
                case ToolCallEvent.Content c -> {
                    content.append(c.text());
                    out.add(json.createObjectNode().put("content", c.text()));
                }
                case ToolCallEvent.CallStarted s -> {
                    if (!parallel && !calls.isEmpty()) {
                        continue; // parallel_tool_calls false: the first call only
                    }
                    Call call = new Call(GenerationService.newId("call_"), s.name(), new StringBuilder());
                    calls.add(call);
                    ObjectNode delta = json.createObjectNode();
                    ObjectNode entry = delta.putArray("tool_calls").addObject().put("index", s.index())
                            .put("id", call.id).put("type", "function");
                    entry.putObject("function").put("name", call.name).put("arguments", "");
                    out.add(delta);
                }
                case ToolCallEvent.Arguments a -> {
                    if (a.index() >= calls.size()) {
                        continue; // a call dropped above
                    }
                    calls.get(a.index()).arguments.append(a.text());
                    ObjectNode delta = json.createObjectNode();
                    delta.putArray("tool_calls").addObject().put("index", a.index())
                            .putObject("function").put("arguments", a.text());
                    out.add(delta);
                }
            }
        }
        return out;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }
}
