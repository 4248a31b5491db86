package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.TinyModel;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tools.ToolCallSyntax;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A special tool-call marker token (a real Mistral's {@code [TOOL_CALLS]}) stays in a choice's
 * text when tools are read, so the parser sees it; other special tokens are still left out.
 */
class ChoiceOutputMarkerTest {

    private static final int MARKER = 501; // tiny-mixtral's <|reserved_special_token_0|>, renamed

    private static Tokenizer mistralLike() throws Exception {
        JsonNode tokenizer = RawApi.JSON.readTree(Files.readString(TinyModel.DIR.resolve("tokenizer.json")));
        for (JsonNode t : tokenizer.get("added_tokens")) {
            if (t.get("id").asInt() == MARKER) {
                ((ObjectNode) t).put("content", "[TOOL_CALLS]");
            }
        }
        var jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        return Tokenizer.fromJson(jackson2.readTree(tokenizer.toString()),
                jackson2.readTree(Files.readString(TinyModel.DIR.resolve("tokenizer_config.json"))));
    }

    @Test
    void theMarkerReachesTheParserAndTheCallIsRead() throws Exception {
        Tokenizer tokenizer = mistralLike();
        int[] markers = ToolCallSyntax.MISTRAL.specialMarkerIds(tokenizer);
        assertThat(markers).containsExactly(MARKER);
        ChoiceOutput kept = new ChoiceOutput(0, 0, tokenizer, List.of(), markers);
        ChoiceOutput plain = new ChoiceOutput(0, 0, tokenizer, List.of());
        StringBuilder text = new StringBuilder();
        StringBuilder plainText = new StringBuilder();
        int[] ids = concat(tokenizer.encode("Sure.", false), new int[] {MARKER},
                tokenizer.encode("[{\"name\": \"f\", \"arguments\": {}}]", false));
        for (int id : ids) {
            text.append(kept.onToken(id, null));
            plainText.append(plain.onToken(id, null));
        }
        text.append(kept.onFinished("stop"));
        plainText.append(plain.onFinished("stop"));
        assertThat(text.toString()).isEqualTo("Sure.[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {}}]");
        assertThat(plainText.toString()).doesNotContain("[TOOL_CALLS]");

        ChoiceToolCalls calls = new ChoiceToolCalls(ToolCallSyntax.MISTRAL, true);
        calls.feed(text.toString());
        calls.finish();
        assertThat(calls.message().content()).isEqualTo("Sure.");
        assertThat(calls.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("f"));
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }
}
