package dev.janus.model.structured;

import dev.janus.model.tools.FunctionTool;
import dev.janus.model.tools.ToolCallSyntax;
import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.List;

/**
 * The language of valid function calls in one {@link ToolCallSyntax}: the syntax's literals
 * around a declared function's name and an arguments object in the language of that function's
 * parameters schema ({@link JsonSchemaLanguage}), one call or up to {@link #MAX_PARALLEL_CALLS}.
 * Constrained decoding with it (tool_choice required or a named function) makes even a model
 * with random weights write a call that parses and whose arguments validate.
 */
public final class ToolCallLanguage {

    /** Calls in one answer at most: a bound keeps every output finite (the grammar then completes it). */
    public static final int MAX_PARALLEL_CALLS = 8;

    private ToolCallLanguage() {
    }

    /**
     * @param tools    the functions that may be called (at least one)
     * @param parallel several calls allowed (parallel_tool_calls), else exactly one
     * @throws JsonSchemaException when a parameters schema is unsupported, naming the function
     */
    public static Automaton of(ToolCallSyntax syntax, List<FunctionTool> tools, boolean parallel) {
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("no function to call");
        }
        Automaton call = BasicAutomata.makeEmpty();
        for (FunctionTool tool : tools) {
            Automaton arguments;
            try {
                arguments = JsonSchemaLanguage.of(tool.parameters());
            } catch (JsonSchemaException e) {
                throw new JsonSchemaException("function '" + tool.name() + "' parameters: " + e.getMessage());
            }
            call = call.union(JsonPieces.literal(syntax.callOpen() + tool.name() + syntax.nameEnd())
                    .concatenate(arguments).concatenate(literal(syntax.callClose())));
        }
        Automaton calls = parallel
                ? call.concatenate(literal(syntax.between()).concatenate(call).repeat(0, MAX_PARALLEL_CALLS - 1))
                : call;
        Automaton language = literal(syntax.start()).concatenate(calls).concatenate(literal(syntax.end()));
        language.minimize();
        return language;
    }

    private static Automaton literal(String text) {
        return JsonPieces.literal(text);
    }
}
