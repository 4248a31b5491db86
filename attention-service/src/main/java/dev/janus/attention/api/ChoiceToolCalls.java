package dev.janus.attention.api;

import dev.janus.model.tools.ToolCallEvent;
import dev.janus.model.tools.ToolCallStreamParser;
import dev.janus.model.tools.ToolCallSyntax;
import java.util.ArrayList;
import java.util.List;

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
    private final boolean parallel;
    private final StringBuilder content = new StringBuilder();
    private final List<Call> calls = new ArrayList<>();

    ChoiceToolCalls(ToolCallSyntax syntax, boolean parallel) {
        this.parser = new ToolCallStreamParser(syntax);
        this.parallel = parallel;
    }

    /** The deltas (content or tool_calls) that a new piece of output text completes. */
    List<ChatCompletionChunk.Delta> feed(String text) {
        return deltas(parser.feed(text));
    }

    /** The deltas of what the parser held back until the end. */
    List<ChatCompletionChunk.Delta> finish() {
        return deltas(parser.finish());
    }

    /** "tool_calls" when the choice stopped after calling; "length" and others stay. */
    String finishReason(String reason) {
        return !calls.isEmpty() && "stop".equals(reason) ? "tool_calls" : reason;
    }

    /** The non-streamed message: content (null when the answer is only calls) and tool_calls. */
    ChatCompletionResponse.Message message() {
        String text = calls.isEmpty() || !content.toString().isBlank() ? content.toString() : null;
        List<ChatCompletionResponse.ToolCall> toolCalls = calls.stream()
                .map(c -> ChatCompletionResponse.ToolCall.function(c.id, c.name, c.arguments.toString())).toList();
        return new ChatCompletionResponse.Message("assistant", text, null, toolCalls);
    }

    private List<ChatCompletionChunk.Delta> deltas(List<ToolCallEvent> events) {
        List<ChatCompletionChunk.Delta> out = new ArrayList<>();
        for (ToolCallEvent e : events) {
            switch (e) {
                case ToolCallEvent.Content c -> {
                    content.append(c.text());
                    out.add(ChatCompletionChunk.Delta.content(c.text()));
                }
                case ToolCallEvent.CallStarted s -> {
                    if (!parallel && !calls.isEmpty()) {
                        continue; // parallel_tool_calls false: the first call only
                    }
                    Call call = new Call(GenerationService.newId("call_"), s.name(), new StringBuilder());
                    calls.add(call);
                    out.add(toolCall(new ChatCompletionChunk.ToolCallDelta(s.index(), call.id, "function",
                            new ChatCompletionChunk.FunctionDelta(call.name, ""))));
                }
                case ToolCallEvent.Arguments a -> {
                    if (a.index() >= calls.size()) {
                        continue; // a call dropped above
                    }
                    calls.get(a.index()).arguments.append(a.text());
                    out.add(toolCall(new ChatCompletionChunk.ToolCallDelta(a.index(), null, null,
                            new ChatCompletionChunk.FunctionDelta(null, a.text()))));
                }
            }
        }
        return out;
    }

    private static ChatCompletionChunk.Delta toolCall(ChatCompletionChunk.ToolCallDelta call) {
        return new ChatCompletionChunk.Delta(null, null, List.of(call));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }
}
