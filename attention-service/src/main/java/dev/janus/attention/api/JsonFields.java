package dev.janus.attention.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed, validated access to the fields of a JSON request object. Every wrong type or value
 * becomes a 400 naming the field; a field that is absent or JSON null takes its default
 * (OpenAI clients send null for "not set").
 */
final class JsonFields {

    /** Requests larger than this are refused before parsing. */
    static final int MAX_BODY_CHARS = 8 << 20;

    private final JsonNode node;

    private JsonFields(JsonNode node) {
        this.node = node;
    }

    static JsonFields parse(JsonMapper json, @Nullable String body) {
        if (body == null || body.isBlank()) {
            throw OpenAiException.badRequest("The request body is empty; expected a JSON object", null);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw OpenAiException.badRequest("The request body is larger than " + MAX_BODY_CHARS + " characters", null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw OpenAiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw OpenAiException.badRequest("The request body must be a JSON object", null);
        }
        return new JsonFields(node);
    }

    static JsonFields of(JsonNode object, String what) {
        if (!object.isObject()) {
            throw OpenAiException.badRequest("'" + what + "' must be an object", what);
        }
        return new JsonFields(object);
    }

    Optional<JsonNode> get(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    boolean has(String name) {
        return get(name).isPresent();
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> OpenAiException.badRequest("'" + name + "' is required", name));
    }

    Optional<String> string(String name) {
        return get(name).map(v -> {
            if (!v.isString()) {
                throw wrongType(name, "a string");
            }
            return v.stringValue();
        });
    }

    boolean bool(String name, boolean defaultValue) {
        return get(name).map(v -> {
            if (!v.isBoolean()) {
                throw wrongType(name, "a boolean");
            }
            return v.booleanValue();
        }).orElse(defaultValue);
    }

    /** An integral number in [min, max] (1.0 counts as 1, as in Python clients' JSON). */
    Optional<Long> integer(String name, long min, long max) {
        return get(name).map(v -> {
            if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
                throw wrongType(name, "an integer");
            }
            long value = v.longValue();
            if (value < min || value > max) {
                throw OpenAiException.badRequest("'" + name + "' must be in [" + min + ", " + max + "], got " + value, name);
            }
            return value;
        });
    }

    int integer(String name, int min, int max, int defaultValue) {
        return integer(name, (long) min, (long) max).map(Long::intValue).orElse(defaultValue);
    }

    /** A finite number in [min, max]. */
    double number(String name, double min, double max, double defaultValue) {
        return get(name).map(v -> {
            if (!v.isNumber()) {
                throw wrongType(name, "a number");
            }
            double value = v.doubleValue();
            if (!Double.isFinite(value) || value < min || value > max) {
                throw OpenAiException.badRequest("'" + name + "' must be in [" + min + ", " + max + "], got " + v, name);
            }
            return value;
        }).orElse(defaultValue);
    }

    /** A string or an array of strings (the {@code stop} convention). */
    List<String> stringOrStrings(String name, int maxItems) {
        Optional<JsonNode> v = get(name);
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.get().isString()) {
            out.add(v.get().stringValue());
        } else if (v.get().isArray()) {
            for (JsonNode item : v.get()) {
                if (!item.isString()) {
                    throw wrongType(name, "a string or an array of strings");
                }
                out.add(item.stringValue());
            }
        } else {
            throw wrongType(name, "a string or an array of strings");
        }
        if (out.size() > maxItems) {
            throw OpenAiException.badRequest("'" + name + "' takes at most " + maxItems + " strings", name);
        }
        for (String s : out) {
            if (s.isEmpty()) {
                throw OpenAiException.badRequest("'" + name + "' must not contain empty strings", name);
            }
        }
        return out;
    }

    /** Refuses fields we do not implement unless they are set to their neutral value. */
    void rejectUnsupported(String name, JsonNodePredicate neutral) {
        Optional<JsonNode> v = get(name);
        if (v.isPresent() && !neutral.test(v.get())) {
            throw OpenAiException.badRequest("'" + name + "' is not supported by this server", name, "unsupported_parameter");
        }
    }

    interface JsonNodePredicate {
        boolean test(JsonNode node);
    }

    static OpenAiException wrongType(String name, String expected) {
        return OpenAiException.badRequest("'" + name + "' must be " + expected, name);
    }
}
