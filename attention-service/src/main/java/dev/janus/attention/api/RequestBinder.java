package dev.janus.attention.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a request body to its typed record and validates it (Jakarta Bean Validation on the
 * record components), with every failure an OpenAI 400 naming the field as the client wrote it
 * ({@code messages[0].content}): not JSON, not an object, a wrong type ({@link StrictScalars}),
 * a value out of range, a required field missing. Fields the record does not declare are
 * ignored (clients send extensions), JSON null is "not set".
 */
@Component
class RequestBinder {

    /** Requests larger than this are refused before parsing. */
    static final int MAX_BODY_CHARS = 8 << 20;

    private final JsonMapper json;
    private final Validator validator;

    RequestBinder(Validator validator) {
        this.validator = validator;
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(StrictScalars.module())
                .build();
    }

    <T> T bind(@Nullable String body, Class<T> type) {
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
        T request;
        try {
            request = json.treeToValue(node, type);
        } catch (DatabindException e) {
            throw wrongValue(e);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw invalid(violations, type);
        }
        return request;
    }

    /** A value of the wrong shape: which field, and what it must be. */
    private static OpenAiException wrongValue(DatabindException e) {
        String param = param(e.getPath());
        if (param == null) {
            return OpenAiException.badRequest("The request body does not fit: " + e.getOriginalMessage(), null);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException shape) {
            return OpenAiException.badRequest("'" + param + "' " + shape.getMessage(), param);
        }
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        return OpenAiException.badRequest("'" + param + "' must be " + expected(target), param);
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static @Nullable String param(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The first violation in the record's field order (deterministic answers), worded for the client. */
    private static <T> OpenAiException invalid(Set<ConstraintViolation<T>> violations, Class<T> type) {
        List<String> order = type.isRecord()
                ? Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList() : List.of();
        ConstraintViolation<T> first = violations.stream().min(Comparator.comparingInt((ConstraintViolation<T> v) -> {
            int i = order.indexOf(v.getPropertyPath().iterator().next().getName());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(v -> v.getPropertyPath().toString())).orElseThrow();
        String param = param(first.getPropertyPath());
        if (first.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotNull) {
            return OpenAiException.badRequest("'" + param + "' is required", param);
        }
        Object value = first.getInvalidValue();
        String got = value == null || value instanceof java.util.Collection<?> ? "" : " (got " + value + ")";
        return OpenAiException.badRequest("'" + param + "' " + first.getMessage() + got, param);
    }

    /** A property path in the JSON's names: {@code messages[0].toolCallId} → {@code messages[0].tool_call_id}. */
    static String param(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(snake(node.getName()));
            }
        }
        return out.toString();
    }

    /** Jackson's SnakeCaseStrategy for the camel-case names of record components. */
    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
