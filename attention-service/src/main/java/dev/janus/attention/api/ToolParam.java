package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One {@code tools} entry: {@code {"type":"function","function":{"name","description","parameters","strict"}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL) // the chat template's tools variable gets what was sent
record ToolParam(@NotNull @Pattern(regexp = "function", message = "must be 'function'") String type,
                 @NotNull @Valid Function function) {

    /** @param parameters the arguments' JSON schema; none: a function without arguments */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Function(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1 to 64 letters, digits, _ or -")
                    String name,
                    @Nullable String description,
                    @Nullable JsonNode parameters,
                    @Nullable Boolean strict) {
    }
}
