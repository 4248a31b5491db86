package dev.janus.model.chat;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One conversation message as chat templates see it: a read-only map with {@code role},
 * {@code content} and any further fields ({@code tool_calls}, {@code reasoning_content}, ...),
 * like the dicts HF passes to {@code apply_chat_template}.
 */
public final class ChatMessage extends AbstractMap<String, Object> {

    private final Map<String, Object> fields;

    private ChatMessage(Map<String, ?> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ChatMessage of(String role, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", Objects.requireNonNull(role, "role"));
        f.put("content", content);
        return new ChatMessage(f);
    }

    /** A message with arbitrary fields; {@code role} is required. */
    public static ChatMessage of(Map<String, ?> fields) {
        if (!(fields.get("role") instanceof String)) {
            throw new IllegalArgumentException("a chat message needs a string role: " + fields);
        }
        return new ChatMessage(fields);
    }

    public static ChatMessage system(String content) {
        return of("system", content);
    }

    public static ChatMessage user(String content) {
        return of("user", content);
    }

    public static ChatMessage assistant(String content) {
        return of("assistant", content);
    }

    public String role() {
        return (String) fields.get("role");
    }

    /** The content, or null when the message has none (e.g. an assistant turn with only tool calls). */
    public String content() {
        Object c = fields.get("content");
        return c == null ? null : c.toString();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return fields.entrySet();
    }
}
