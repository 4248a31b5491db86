package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code tool_choice}: {@code "none"}, {@code "auto"}, {@code "required"} or
 * {@code {"type":"function","function":{"name":...}}}.
 *
 * @param named the function's name for the object form, else null
 */
record ToolChoiceParam(ToolsRequest.Choice choice, @Nullable String named) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ToolChoiceParam of(JsonNode v) {
        if (v.isString()) {
            return new ToolChoiceParam(switch (v.stringValue()) {
                case "none" -> ToolsRequest.Choice.NONE;
                case "auto" -> ToolsRequest.Choice.AUTO;
                case "required" -> ToolsRequest.Choice.REQUIRED;
                default -> throw new IllegalArgumentException("must be none, auto, required or"
                        + " {\"type\":\"function\",\"function\":{\"name\":...}} (got '" + v.stringValue() + "')");
            }, null);
        }
        if (v.isObject() && "function".equals(v.path("type").asString("")) && v.path("function").path("name").isString()) {
            return new ToolChoiceParam(ToolsRequest.Choice.NAMED, v.get("function").get("name").stringValue());
        }
        throw new IllegalArgumentException("must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }
}
