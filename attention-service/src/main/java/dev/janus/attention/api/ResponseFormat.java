package dev.janus.attention.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code response_format} of a request: {@code {"type":"text"}} (no constraint, null),
 * {@code {"type":"json_object"}} or {@code {"type":"json_schema","json_schema":{"name",
 * "schema","strict"}}}. The output is constrained whether or not {@code strict} is set: a
 * schema we accept is always followed.
 *
 * @param schema the JSON schema; null for json_object
 */
record ResponseFormat(@Nullable JsonNode schema) {

    static final String PARAM = "response_format";

    static @Nullable ResponseFormat of(@Nullable ResponseFormatParam p) {
        if (p == null) {
            return null;
        }
        return switch (p.type()) {
            case "text" -> null;
            case "json_object" -> new ResponseFormat(null);
            default -> { // json_schema (the binder allows nothing else)
                String param = PARAM + ".json_schema";
                if (p.jsonSchema() == null) {
                    throw OpenAiException.badRequest("'" + param + "' is required when the type is json_schema", param);
                }
                if (!p.jsonSchema().schema().isObject()) {
                    throw OpenAiException.badRequest("'" + param + ".schema' must be a JSON schema object", param + ".schema");
                }
                yield new ResponseFormat(p.jsonSchema().schema());
            }
        };
    }
}
