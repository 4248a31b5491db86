package dev.janus.model.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.tokenizer.Tokenizer;
import java.util.LinkedHashMap;
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
    private final int capacity;
    private final Map<String, TokenGrammar> cache = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param rowSize      logits per row (the model's vocabulary size)
     * @param stopTokenIds the model's EOS tokens: never text, allowed where a value is complete
     * @param capacity     grammars kept
     */
    public StructuredOutputs(Tokenizer tokenizer, int rowSize, int[] stopTokenIds, int capacity) {
        this.vocabulary = TokenVocabulary.of(tokenizer, rowSize, stopTokenIds);
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
