package dev.janus.attention.api;

import dev.janus.model.tools.FunctionTool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A chat request's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}.
 * {@code none}: the model writes text (the tools still reach the chat template, as in vLLM);
 * {@code auto}: it may call, its output is parsed; {@code required} / a named function:
 * decoding is constrained to calls (of that function) with valid arguments.
 *
 * @param tools       the declared functions, in request order
 * @param definitions the {@code tools} entries as sent, for the chat template's {@code tools} variable
 * @param choice      what the model may do
 * @param named       the function tool_choice names, null unless {@link Choice#NAMED}
 * @param parallel    several calls in one answer (default true; a named function is one call)
 */
record ToolsRequest(List<FunctionTool> tools, List<Object> definitions, Choice choice, @Nullable String named,
                    boolean parallel) {

    enum Choice { NONE, AUTO, REQUIRED, NAMED }

    static final int MAX_TOOLS = 128;
    private static final ToolsRequest NO_TOOLS = new ToolsRequest(List.of(), List.of(), Choice.NONE, null, false);

    /** The model's output is read for calls. */
    boolean parsesCalls() {
        return choice != Choice.NONE;
    }

    /** Decoding is constrained to calls. */
    boolean constrains() {
        return choice == Choice.REQUIRED || choice == Choice.NAMED;
    }

    /** The functions a constrained answer may call. */
    List<FunctionTool> callable() {
        return choice == Choice.NAMED ? tools.stream().filter(t -> t.name().equals(named)).toList() : tools;
    }

    static ToolsRequest parse(JsonFields request, JsonMapper json) {
        List<FunctionTool> tools = new ArrayList<>();
        List<Object> definitions = new ArrayList<>();
        request.get("tools").ifPresent(array -> {
            if (!array.isArray()) {
                throw JsonFields.wrongType("tools", "an array of tools");
            }
            if (array.size() > MAX_TOOLS) {
                throw OpenAiException.badRequest("at most " + MAX_TOOLS + " tools", "tools");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                FunctionTool tool = tool(array.get(i), "tools[" + i + "]");
                if (!names.add(tool.name())) {
                    throw OpenAiException.badRequest("Two tools are named '" + tool.name() + "'", "tools[" + i + "].function.name");
                }
                tools.add(tool);
                definitions.add(json.treeToValue(array.get(i), Object.class));
            }
        });
        boolean parallel = request.bool("parallel_tool_calls", true);
        Choice choice = tools.isEmpty() ? Choice.NONE : Choice.AUTO;
        String named = null;
        var value = request.get("tool_choice");
        if (value.isPresent()) {
            JsonNode v = value.get();
            if (v.isString()) {
                choice = switch (v.stringValue()) {
                    case "none" -> Choice.NONE;
                    case "auto" -> Choice.AUTO;
                    case "required" -> Choice.REQUIRED;
                    default -> throw OpenAiException.badRequest("'tool_choice' must be none, auto, required or"
                            + " {\"type\":\"function\",\"function\":{\"name\":...}} (got '" + v.stringValue() + "')", "tool_choice");
                };
            } else {
                JsonFields f = JsonFields.of(v, "tool_choice");
                if (!"function".equals(f.requiredString("type"))) {
                    throw OpenAiException.badRequest("'tool_choice.type' must be 'function'", "tool_choice.type");
                }
                JsonFields function = JsonFields.of(f.get("function").orElseThrow(() -> OpenAiException.badRequest(
                        "'tool_choice.function' is required", "tool_choice.function")), "tool_choice.function");
                named = function.requiredString("name");
                choice = Choice.NAMED;
            }
            if (choice != Choice.NONE && tools.isEmpty()) {
                throw OpenAiException.badRequest("'tool_choice' is only allowed when 'tools' are specified", "tool_choice");
            }
            String name = named;
            if (name != null && tools.stream().noneMatch(t -> t.name().equals(name))) {
                throw OpenAiException.badRequest("'tool_choice' names the function '" + name + "', which is not in 'tools'",
                        "tool_choice.function.name");
            }
        }
        if (tools.isEmpty()) {
            return NO_TOOLS;
        }
        return new ToolsRequest(List.copyOf(tools), List.copyOf(definitions), choice, named,
                parallel && choice != Choice.NAMED);
    }

    /** {@code {"type":"function","function":{"name","description","parameters","strict"}}}. */
    private static FunctionTool tool(JsonNode node, String param) {
        JsonFields t = JsonFields.of(node, param);
        if (!"function".equals(t.requiredString("type"))) {
            throw OpenAiException.badRequest("'" + param + ".type' must be 'function'", param + ".type");
        }
        String fparam = param + ".function";
        JsonFields f = JsonFields.of(t.get("function").orElseThrow(() -> OpenAiException.badRequest(
                "'" + fparam + "' is required", fparam)), fparam);
        String name = f.requiredString("name");
        if (!FunctionTool.NAME.matcher(name).matches()) {
            throw OpenAiException.badRequest("'" + fparam + ".name' must be 1 to 64 letters, digits, _ or - (got '" + name
                    + "')", fparam + ".name");
        }
        f.string("description");
        f.bool("strict", false);
        JsonNode parameters = f.get("parameters").orElseGet(() -> JsonNodeFactory.instance.objectNode()
                .put("type", "object").set("properties", JsonNodeFactory.instance.objectNode()));
        if (!parameters.isObject()) {
            throw JsonFields.wrongType(fparam + ".parameters", "a JSON schema object");
        }
        return new FunctionTool(name, StructuredOutputConstraints.toJackson2(parameters));
    }
}
