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

    static @Nullable ResponseFormat parse(JsonFields request) {
        if (!request.has(PARAM)) {
            return null;
        }
        JsonFields f = JsonFields.of(request.get(PARAM).orElseThrow(), PARAM);
        String type = f.requiredString("type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> new ResponseFormat(null);
            case "json_schema" -> {
                String param = PARAM + ".json_schema";
                JsonFields js = JsonFields.of(f.get("json_schema").orElseThrow(() -> OpenAiException.badRequest(
                        "'" + param + "' is required when the type is json_schema", param)), param);
                js.string("name").ifPresent(name -> {
                    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                        throw OpenAiException.badRequest("'" + param + ".name' must be 1 to 64 letters, digits, _ or -",
                                param + ".name");
                    }
                });
                js.bool("strict", false);
                JsonNode schema = js.get("schema").orElseThrow(() -> OpenAiException.badRequest(
                        "'" + param + ".schema' is required", param + ".schema"));
                if (!schema.isObject()) {
                    throw JsonFields.wrongType(param + ".schema", "a JSON schema object");
                }
                yield new ResponseFormat(schema);
            }
            default -> throw OpenAiException.badRequest("'" + PARAM + ".type' must be text, json_object or json_schema"
                    + " (got '" + type + "')", PARAM + ".type");
        };
    }
}
