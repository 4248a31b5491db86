package dev.janus.attention.api;

import dev.janus.model.chat.ChatMessage;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.tokenizer.TokenizerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat request's {@code messages} (and {@code tools}) rendered with the model's chat template,
 * as HF {@code apply_chat_template} is called by vLLM: assistant {@code tool_calls} go in with
 * their arguments parsed into objects (templates {@code tojson} them), {@code role: "tool"}
 * messages with their {@code tool_call_id} (and the called function's {@code name}), and the
 * tools as the template's {@code tools} variable.
 */
final class ChatPrompt {

    static final int MAX_MESSAGES = 1024;

    private ChatPrompt() {
    }

    /** The rendered prompt text, ending with the assistant's turn opening (generation prompt). */
    static String render(List<ChatMessageParam> messages, ToolsRequest tools, GenerationService service,
                         boolean addGenerationPrompt) {
        List<ChatMessage> rendered = messages(messages, service.json);
        service.checkTextLength(rendered.stream().mapToLong(m -> m.content() == null ? 0 : m.content().length()).sum(),
                "messages");
        ChatTemplate template = service.model.chat().orElseThrow(() -> OpenAiException.badRequest(
                "The model '" + service.model.id() + "' has no chat template; use /v1/completions", "messages"));
        Map<String, Object> kwargs = new HashMap<>();
        if (!tools.tools().isEmpty()) {
            kwargs.put("tools", tools.definitions());
        }
        try {
            return template.render(rendered, addGenerationPrompt, kwargs);
        } catch (TokenizerException | IllegalArgumentException e) {
            throw OpenAiException.badRequest("The chat template rejected the messages: " + e.getMessage(), "messages");
        }
    }

    static List<ChatMessage> messages(List<ChatMessageParam> messages, JsonMapper json) {
        List<ChatMessage> out = new ArrayList<>();
        Map<String, String> calledFunctions = new HashMap<>(); // tool_call id -> function name
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            ChatMessageParam m = messages.get(i);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("role", m.role().equals("developer") ? "system" : m.role());
            boolean assistant = m.role().equals("assistant");
            if (m.content() == null && !assistant) {
                throw OpenAiException.badRequest("'" + param + ".content' is required", param + ".content");
            }
            fields.put("content", m.content() == null ? "" : m.content().text());
            if (assistant && m.toolCalls() != null) {
                fields.put("tool_calls", toolCalls(m.toolCalls(), param + ".tool_calls", json, calledFunctions));
            }
            if (m.role().equals("tool")) {
                if (m.toolCallId() == null) {
                    throw OpenAiException.badRequest("'" + param + ".tool_call_id' is required", param + ".tool_call_id");
                }
                fields.put("tool_call_id", m.toolCallId());
                String name = m.name() != null ? m.name() : calledFunctions.get(m.toolCallId());
                if (name != null) {
                    fields.put("name", name);
                }
            }
            out.add(ChatMessage.of(fields));
        }
        return out;
    }

    /** [{id, type: function, function: {name, arguments}}] with the arguments as objects. */
    private static List<Object> toolCalls(List<ChatMessageParam.ToolCall> calls, String param, JsonMapper json,
                                          Map<String, String> called) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String p = param + "[" + i + "]";
            ChatMessageParam.ToolCall call = calls.get(i);
            String arguments = call.function().arguments() == null ? "{}" : call.function().arguments();
            Object parsed;
            try {
                parsed = json.readValue(arguments, Object.class);
            } catch (JacksonException e) {
                throw OpenAiException.badRequest("'" + p + ".function.arguments' must be a JSON text: " + e.getOriginalMessage(),
                        p + ".function.arguments");
            }
            called.put(call.id(), call.function().name());
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", call.function().name());
            fn.put("arguments", parsed);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", call.id());
            entry.put("type", "function");
            entry.put("function", fn);
            out.add(entry);
        }
        return out;
    }
}
