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

    /**
     * @param tools    the request's tools (null: none)
     * @param choice   its tool_choice (null: auto with tools, none without)
     * @param parallel its parallel_tool_calls (null: true)
     * @param json     writes the tools back as plain maps for the chat template
     */
    static ToolsRequest of(@Nullable List<ToolParam> tools, @Nullable ToolChoiceParam choice, @Nullable Boolean parallel,
                           JsonMapper json) {
        List<FunctionTool> functions = new ArrayList<>();
        List<Object> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; tools != null && i < tools.size(); i++) {
            ToolParam.Function f = tools.get(i).function();
            String param = "tools[" + i + "].function";
            if (!names.add(f.name())) {
                throw OpenAiException.badRequest("Two tools are named '" + f.name() + "'", param + ".name");
            }
            JsonNode parameters = f.parameters() != null ? f.parameters() : JsonNodeFactory.instance.objectNode()
                    .put("type", "object").set("properties", JsonNodeFactory.instance.objectNode());
            if (!parameters.isObject()) {
                throw OpenAiException.badRequest("'" + param + ".parameters' must be a JSON schema object", param + ".parameters");
            }
            functions.add(new FunctionTool(f.name(), StructuredOutputConstraints.toJackson2(parameters)));
            definitions.add(json.convertValue(tools.get(i), Object.class));
        }
        Choice mode = choice != null ? choice.choice() : functions.isEmpty() ? Choice.NONE : Choice.AUTO;
        String named = choice == null ? null : choice.named();
        if (mode != Choice.NONE && functions.isEmpty()) {
            throw OpenAiException.badRequest("'tool_choice' is only allowed when 'tools' are specified", "tool_choice");
        }
        if (named != null && !names.contains(named)) {
            throw OpenAiException.badRequest("'tool_choice' names the function '" + named + "', which is not in 'tools'",
                    "tool_choice.function.name");
        }
        if (functions.isEmpty()) {
            return NO_TOOLS;
        }
        return new ToolsRequest(List.copyOf(functions), List.copyOf(definitions), mode, named,
                !Boolean.FALSE.equals(parallel) && mode != Choice.NAMED);
    }
}
