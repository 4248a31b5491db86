package dev.janus.attention.api;

import dev.janus.model.chat.ChatMessage;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.tokenizer.TokenizerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat request's {@code messages} (and {@code tools}) rendered with the model's chat template,
 * as HF {@code apply_chat_template} is called by vLLM: assistant {@code tool_calls} go in with
 * their arguments parsed into objects (templates {@code tojson} them), {@code role: "tool"}
 * messages with their {@code tool_call_id} (and the called function's {@code name}), and the
 * tools as the template's {@code tools} variable.
 */
final class ChatPrompt {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    static final int MAX_MESSAGES = 1024;

    private ChatPrompt() {
    }

    /** The rendered prompt text, ending with the assistant's turn opening (generation prompt). */
    static String render(JsonFields request, ToolsRequest tools, GenerationService service) {
        return render(request, tools, service, true);
    }

    static String render(JsonFields request, ToolsRequest tools, GenerationService service, boolean addGenerationPrompt) {
        List<ChatMessage> messages = messages(request, service.json);
        service.checkTextLength(messages.stream().mapToLong(m -> m.content() == null ? 0 : m.content().length()).sum(),
                "messages");
        ChatTemplate template = service.model.chat().orElseThrow(() -> OpenAiException.badRequest(
                "The model '" + service.model.id() + "' has no chat template; use /v1/completions", "messages"));
        Map<String, Object> kwargs = new HashMap<>();
        if (!tools.tools().isEmpty()) {
            kwargs.put("tools", tools.definitions());
        }
        try {
            return template.render(messages, addGenerationPrompt, kwargs);
        } catch (TokenizerException | IllegalArgumentException e) {
            throw OpenAiException.badRequest("The chat template rejected the messages: " + e.getMessage(), "messages");
        }
    }

    static List<ChatMessage> messages(JsonFields request, JsonMapper json) {
        JsonNode messages = request.get("messages").orElseThrow(() -> OpenAiException.badRequest("'messages' is required",
                "messages"));
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiException.badRequest("'messages' must be a non-empty array", "messages");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw OpenAiException.badRequest("at most " + MAX_MESSAGES + " messages", "messages");
        }
        List<ChatMessage> out = new ArrayList<>();
        Map<String, String> calledFunctions = new HashMap<>(); // tool_call id -> function name
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonFields m = JsonFields.of(messages.get(i), param);
            String role = m.string("role").orElseThrow(() -> OpenAiException.badRequest("'" + param + ".role' is required",
                    param));
            if (!ROLES.contains(role)) {
                throw OpenAiException.badRequest("'" + param + ".role' must be one of system, user, assistant, tool (got '"
                        + role + "')", param + ".role");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("role", role.equals("developer") ? "system" : role);
            if (role.equals("assistant") && m.has("tool_calls")) {
                fields.put("content", m.has("content") ? content(m, param) : "");
                fields.put("tool_calls", toolCalls(m.get("tool_calls").orElseThrow(), param + ".tool_calls", json,
                        calledFunctions));
            } else if (role.equals("tool")) {
                fields.put("content", content(m, param));
                String id = m.requiredString("tool_call_id");
                fields.put("tool_call_id", id);
                String name = calledFunctions.get(id);
                if (name != null) {
                    fields.put("name", name);
                }
            } else {
                fields.put("content", role.equals("assistant") && !m.has("content") ? "" : content(m, param));
            }
            out.add(ChatMessage.of(fields));
        }
        return out;
    }

    /** [{id, type: function, function: {name, arguments (a JSON string)}}] with the arguments as objects. */
    private static List<Object> toolCalls(JsonNode calls, String param, JsonMapper json, Map<String, String> called) {
        if (!calls.isArray()) {
            throw JsonFields.wrongType(param, "an array of tool calls");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String p = param + "[" + i + "]";
            JsonFields call = JsonFields.of(calls.get(i), p);
            String id = call.requiredString("id");
            JsonFields function = JsonFields.of(call.get("function").orElseThrow(() -> OpenAiException.badRequest(
                    "'" + p + ".function' is required", p + ".function")), p + ".function");
            String name = function.requiredString("name");
            String arguments = function.string("arguments").orElse("{}");
            Object parsed;
            try {
                parsed = json.readValue(arguments, Object.class);
            } catch (JacksonException e) {
                throw OpenAiException.badRequest("'" + p + ".function.arguments' must be a JSON text: " + e.getOriginalMessage(),
                        p + ".function.arguments");
            }
            called.put(id, name);
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", name);
            fn.put("arguments", parsed);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", id);
            entry.put("type", "function");
            entry.put("function", fn);
            out.add(entry);
        }
        return out;
    }

    /** content: a string, or an array of text parts ({"type":"text","text":...}). */
    private static String content(JsonFields m, String param) {
        JsonNode c = m.get("content").orElseThrow(() -> OpenAiException.badRequest("'" + param + ".content' is required",
                param + ".content"));
        if (c.isString()) {
            return c.stringValue();
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.isObject() || !"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw OpenAiException.badRequest("'" + param + ".content' parts must be {\"type\":\"text\",\"text\":...}"
                            + " (this model reads text only)", param + ".content");
                }
                text.append(part.path("text").stringValue());
            }
            return text.toString();
        }
        throw JsonFields.wrongType(param + ".content", "a string or an array of text parts");
    }
}
