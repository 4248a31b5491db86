package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import dev.janus.attention.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** vLLM's /tokenize and /detokenize, and text_offset across streamed legacy-completion chunks. */
@ApiTest
class TokenizeTest {

    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";

    @LocalServerPort
    int port;

    @Autowired
    ServedModel model;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    @Test
    void tokenizeAndDetokenizeRoundTrip() {
        RawApi.Reply t = api.post("/tokenize", "{" + M + ",\"prompt\":\"Hello world\"}");
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        int[] expected = model.tokenizer().encode("Hello world", true);
        JsonNode tokens = t.json().get("tokens");
        assertThat(t.json().get("count").asInt()).isEqualTo(expected.length);
        assertThat(t.json().get("max_model_len").asInt()).isEqualTo(model.contextLength());
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).asInt();
        }
        assertThat(ids).containsExactly(expected);
        RawApi.Reply raw = api.post("/tokenize", "{" + M + ",\"prompt\":\"Hello world\",\"add_special_tokens\":false}");
        assertThat(raw.json().get("count").asInt()).isEqualTo(model.tokenizer().encode("Hello world", false).length);

        RawApi.Reply d = api.post("/detokenize", "{" + M + ",\"tokens\":" + Arrays.toString(ids) + "}");
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(d.json().get("prompt").asString()).isEqualTo(model.tokenizer().decode(ids, false));
    }

    @Test
    void badRequestsAreOpenAiErrors() {
        record Case(String path, String body, int status, String param) {
        }
        for (Case c : List.of(new Case("/tokenize", "{" + M + "}", 400, "prompt"),
                new Case("/tokenize", "{\"model\":\"nope\",\"prompt\":\"x\"}", 404, "model"),
                new Case("/detokenize", "{" + M + ",\"tokens\":[-1]}", 400, "tokens"),
                new Case("/detokenize", "{" + M + ",\"tokens\":\"1\"}", 400, "tokens"))) {
            RawApi.Reply r = api.post(c.path(), c.body());
            assertThat(r.status()).as(c.body()).isEqualTo(c.status());
            assertThat(r.json().get("error").get("param").asString()).isEqualTo(c.param());
        }
    }

    /** Each chunk's first text_offset is where its text starts in the text returned so far (not 0 every chunk). */
    @Test
    void streamedTextOffsetsContinueAcrossChunks() {
        RawApi.Reply r = api.post("/v1/completions", "{" + M + ",\"prompt\":\"Hello world\",\"max_tokens\":12,"
                + "\"temperature\":0,\"logprobs\":0,\"ignore_eos\":true,\"stream\":true}");
        assertThat(r.status()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        for (String e : r.body().split("\n\n")) {
            if (e.equals("data: [DONE]")) {
                continue;
            }
            JsonNode c = RawApi.JSON.readTree(e.substring("data: ".length())).get("choices").get(0);
            JsonNode offsets = c.get("logprobs").get("text_offset");
            if (!offsets.isEmpty() && !c.get("text").asString().isEmpty()) {
                assertThat(offsets.get(0).asInt()).as("chunk %d after %s", chunks, text).isEqualTo(text.length());
                chunks++;
            }
            text.append(c.get("text").asString());
        }
        assertThat(chunks).isGreaterThan(3);
    }
}
