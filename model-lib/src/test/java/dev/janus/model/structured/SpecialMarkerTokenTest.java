package dev.janus.model.structured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tools.FunctionTool;
import dev.janus.model.tools.ToolCallSyntax;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real Mistral vocabulary has {@code [TOOL_CALLS]} as one special token: the tool-call grammar
 * lets the model write it (as the bytes of its content), a JSON grammar never does, and it is
 * known to be a marker. tiny-mixtral's tokenizer with its reserved special token renamed stands in.
 */
class SpecialMarkerTokenTest {

    private static final int MARKER = 501; // <|reserved_special_token_0|> in tiny-mixtral

    static Tokenizer mistralLike() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tokenizer = (ObjectNode) json.readTree(Files.readString(Fixtures.dir("tiny-mixtral").resolve("tokenizer.json")));
        for (var t : (ArrayNode) tokenizer.get("added_tokens")) {
            if (t.get("id").asInt() == MARKER) {
                ((ObjectNode) t).put("content", "[TOOL_CALLS]");
            }
        }
        return Tokenizer.fromJson(tokenizer, json.readTree(Files.readString(Fixtures.dir("tiny-mixtral").resolve(
                "tokenizer_config.json"))));
    }

    @Test
    void theMarkerTokenIsWritableInToolCallsOnly() throws Exception {
        Tokenizer tokenizer = mistralLike();
        assertThat(tokenizer.isSpecial(MARKER)).isTrue();
        assertThat(ToolCallSyntax.MISTRAL.specialMarkerIds(tokenizer)).containsExactly(MARKER);
        int vocab = 512;
        StructuredOutputs outputs = new StructuredOutputs(tokenizer, vocab, tokenizer.eosTokenIds(), 4);
        ObjectMapper json = new ObjectMapper();
        TokenGrammar calls = outputs.toolCalls(ToolCallSyntax.MISTRAL, List.of(new FunctionTool("f",
                json.readTree("{\"type\":\"object\",\"properties\":{}}"))), false);
        TokenConstraint c = StructuredOutputs.constraint(calls, tokenizer.eosTokenIds());
        float[] logits = new float[vocab];
        c.maskLogits(logits, 0);
        assertThat(logits[MARKER]).as("the special token spells the marker").isZero();
        c.accept(MARKER);
        float[] next = new float[vocab];
        c.maskLogits(next, 0);
        assertThat(next[MARKER]).as("only once").isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(next[tokenizer.encode("[", false)[0]]).isZero();

        TokenConstraint plain = StructuredOutputs.constraint(outputs.jsonSchema(json.readTree(
                "{\"type\":\"string\"}")), tokenizer.eosTokenIds());
        float[] inJson = new float[vocab];
        plain.maskLogits(inJson, 0);
        plain.accept(tokenizer.encode("\"", false)[0]);
        plain.maskLogits(inJson, 0);
        assertThat(inJson[MARKER]).as("special tokens are no text inside JSON").isEqualTo(Float.NEGATIVE_INFINITY);
    }
}
