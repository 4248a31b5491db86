package dev.janus.model.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tools.FunctionTool;
import dev.janus.model.tools.ToolCallSyntax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Structured outputs for one model: compiles a JSON schema to a {@link TokenGrammar} once per
 * (schema, tokenizer) — this object belongs to one tokenizer — and keeps the most recently used
 * ones (LRU), so requests with the same schema share the automaton and its per-state token
 * sets. Thread-safe.
 */
public final class StructuredOutputs {

    private static final String JSON_OBJECT = "json_object";

    private final TokenVocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final int rowSize;
    private final int[] stopTokenIds;
    private final int capacity;
    private final Map<String, TokenGrammar> cache = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param rowSize      logits per row (the model's vocabulary size)
     * @param stopTokenIds the model's EOS tokens: never text, allowed where a value is complete
     * @param capacity     grammars kept
     */
    public StructuredOutputs(Tokenizer tokenizer, int rowSize, int[] stopTokenIds, int capacity) {
        this.vocabulary = TokenVocabulary.of(tokenizer, rowSize, stopTokenIds);
        this.tokenizer = tokenizer;
        this.rowSize = rowSize;
        this.stopTokenIds = stopTokenIds.clone();
        this.capacity = capacity;
    }

    /**
     * The grammar of a JSON schema.
     *
     * @throws JsonSchemaException for unsupported keywords or an unsatisfiable schema
     */
    public TokenGrammar jsonSchema(JsonNode schema) {
        return cached("schema:" + schema, () -> new TokenGrammar(JsonSchemaLanguage.of(schema), vocabulary));
    }

    /** The grammar of {@code response_format: json_object}: any JSON object. */
    public TokenGrammar jsonObject() {
        return cached(JSON_OBJECT, () -> new TokenGrammar(JsonSchemaLanguage.anyObject(), vocabulary));
    }

    /**
     * The grammar of valid calls of {@code tools} in a model's tool-call syntax (tool_choice
     * required or a named function). The syntax's markers that are special tokens of this
     * tokenizer may be written as those tokens.
     *
     * @throws JsonSchemaException for an unsupported parameters schema, naming the function
     */
    public TokenGrammar toolCalls(ToolCallSyntax syntax, List<FunctionTool> tools, boolean parallel) {
        StringBuilder key = new StringBuilder("tools:").append(syntax).append(':').append(parallel);
        for (FunctionTool t : tools) {
            key.append('\n').append(t.name()).append('=').append(t.parameters());
        }
        return cached(key.toString(), () -> new TokenGrammar(ToolCallLanguage.of(syntax, tools, parallel),
                TokenVocabulary.of(tokenizer, rowSize, stopTokenIds, syntax.specialMarkerIds(tokenizer))));
    }

    /** A fresh constraint for one sequence; {@code stopTokenIds} end it where a value is complete. */
    public static TokenConstraint constraint(TokenGrammar grammar, int[] stopTokenIds) {
        return new GrammarConstraint(grammar, stopTokenIds);
    }

    private TokenGrammar cached(String key, Supplier<TokenGrammar> build) {
        synchronized (cache) {
            TokenGrammar g = cache.get(key);
            if (g != null) {
                return g;
            }
        }
        TokenGrammar built = build.get(); // outside the lock: compiling a large schema takes a while
        synchronized (cache) {
            TokenGrammar g = cache.putIfAbsent(key, built);
            while (cache.size() > capacity) {
                cache.remove(cache.keySet().iterator().next());
            }
            return g != null ? g : built;
        }
    }

    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
