package dev.janus.attention.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code response_format}: {@code {"type":"text"}}, {@code {"type":"json_object"}} or
 * {@code {"type":"json_schema","json_schema":{"name","schema","strict"}}}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ResponseFormatParam(
        @NotNull @Pattern(regexp = "text|json_object|json_schema", message = "must be text, json_object or json_schema")
        String type,
        @Nullable @Valid JsonSchema jsonSchema) {

    record JsonSchema(@Nullable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 letters, digits, _ or -")
                      String name,
                      @NotNull JsonNode schema,
                      @Nullable Boolean strict) {
    }
}
