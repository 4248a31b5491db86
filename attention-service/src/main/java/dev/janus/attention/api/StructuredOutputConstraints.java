package dev.janus.attention.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.attention.model.ServedModel;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.structured.JsonSchemaException;
import dev.janus.model.structured.StructuredOutputs;
import dev.janus.model.structured.TokenGrammar;
import dev.janus.model.tools.ToolCallSyntax;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a request's {@link ResponseFormat}, or a tool_choice that forces a call, into the
 * per-sequence token constraint the scheduler applies (model-lib {@link StructuredOutputs}: one
 * cache of compiled grammars per served model). Compiling happens on the request thread, so a
 * bad schema is a 400 before anything is queued.
 */
@Component
class StructuredOutputConstraints {

    /** Compiled schemas kept (LRU); a schema's per-state token sets grow with use. */
    static final int CACHED_GRAMMARS = 64;

    private static final ObjectMapper JACKSON2 = new ObjectMapper(); // model-lib reads Jackson 2 trees

    private final StructuredOutputs outputs;
    private final ToolCallSyntax toolCallSyntax;

    StructuredOutputConstraints(ServedModel served, Model model) {
        this.outputs = new StructuredOutputs(served.tokenizer(), served.vocabSize(), served.stopTokenIds(), CACHED_GRAMMARS);
        this.toolCallSyntax = ToolCallSyntax.of(model.config().family(),
                served.chat().map(ChatTemplate::source).orElse(""));
    }

    /** How the served model writes function calls (its chat template's syntax, else its family's). */
    ToolCallSyntax toolCallSyntax() {
        return toolCallSyntax;
    }

    /**
     * The constraint of tool_choice required or a named function; null when the choice does
     * not constrain. A parameters schema the automaton cannot follow is a 400 naming the function.
     */
    @Nullable Supplier<TokenConstraint> toolCalls(ToolsRequest tools, int[] stopTokenIds) {
        if (!tools.constrains()) {
            return null;
        }
        TokenGrammar grammar;
        try {
            grammar = outputs.toolCalls(toolCallSyntax, tools.callable(), tools.parallel());
        } catch (JsonSchemaException e) {
            throw OpenAiException.badRequest(e.getMessage(), "tools", "invalid_function_parameters");
        }
        int[] stops = stopTokenIds.clone();
        return () -> StructuredOutputs.constraint(grammar, stops);
    }

    static com.fasterxml.jackson.databind.JsonNode toJackson2(tools.jackson.databind.JsonNode node) {
        try {
            return JACKSON2.readTree(node.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree did not parse again", e);
        }
    }

    /** null for no response format; {@code stopTokenIds} are the request's (none with ignore_eos). */
    @Nullable Supplier<TokenConstraint> constraint(@Nullable ResponseFormat format, int[] stopTokenIds) {
        if (format == null) {
            return null;
        }
        TokenGrammar grammar;
        if (format.schema() == null) {
            grammar = outputs.jsonObject();
        } else {
            try {
                grammar = outputs.jsonSchema(toJackson2(format.schema()));
            } catch (JsonSchemaException e) {
                throw OpenAiException.badRequest(e.getMessage(), ResponseFormat.PARAM + ".json_schema.schema",
                        "invalid_json_schema");
            }
        }
        int[] stops = stopTokenIds.clone();
        return () -> StructuredOutputs.constraint(grammar, stops);
    }
}
