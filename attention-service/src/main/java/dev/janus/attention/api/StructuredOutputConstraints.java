package dev.janus.attention.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.attention.model.ServedModel;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.structured.JsonSchemaException;
import dev.janus.model.structured.StructuredOutputs;
import dev.janus.model.structured.TokenGrammar;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a request's {@link ResponseFormat} into the per-sequence token constraint the scheduler
 * applies (model-lib {@link StructuredOutputs}: one cache of compiled grammars per served model).
 * Compiling happens on the request thread, so a bad schema is a 400 before anything is queued.
 */
@Component
class StructuredOutputConstraints {

    /** Compiled schemas kept (LRU); a schema's per-state token sets grow with use. */
    static final int CACHED_GRAMMARS = 64;

    private final StructuredOutputs outputs;
    private final ObjectMapper jackson2 = new ObjectMapper(); // model-lib reads Jackson 2 trees

    StructuredOutputConstraints(ServedModel model) {
        this.outputs = new StructuredOutputs(model.tokenizer(), model.vocabSize(), model.stopTokenIds(), CACHED_GRAMMARS);
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
                grammar = outputs.jsonSchema(jackson2.readTree(format.schema().toString()));
            } catch (JsonSchemaException e) {
                throw OpenAiException.badRequest(e.getMessage(), ResponseFormat.PARAM + ".json_schema.schema",
                        "invalid_json_schema");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a parsed schema did not parse again", e);
            }
        }
        int[] stops = stopTokenIds.clone();
        return () -> StructuredOutputs.constraint(grammar, stops);
    }
}
