package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The response records serialize to OpenAI's shapes, field for field: nulls OpenAI writes are
 * written, fields it leaves out are left out (usage of a stream without include_usage, a
 * delta's unset fields, tool_calls when there are none).
 */
@ApiTest
class ResponseShapeTest {

    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";
    private static final String CHAT = M + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":3";

    @LocalServerPort
    int port;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.propertyNames().forEach(out::add);
        return out;
    }

    @Test
    void chatCompletion() {
        JsonNode r = api.post("/v1/chat/completions", "{" + CHAT + "}").json();
        assertThat(fields(r)).containsExactly("id", "object", "created", "model", "system_fingerprint", "choices", "usage");
        assertThat(r.get("object").asString()).isEqualTo("chat.completion");
        assertThat(r.get("system_fingerprint").isNull()).isTrue();
        JsonNode choice = r.get("choices").get(0);
        assertThat(fields(choice)).containsExactly("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(fields(choice.get("message"))).containsExactly("role", "content", "refusal");
        assertThat(fields(r.get("usage"))).containsExactly("prompt_tokens", "completion_tokens", "total_tokens",
                "prompt_tokens_details");
        assertThat(fields(r.get("usage").get("prompt_tokens_details"))).containsExactly("cached_tokens");
    }

    @Test
    void chatChunksWithAndWithoutUsage() {
        List<JsonNode> plain = StructuredOutputTest.events(api.post("/v1/chat/completions", "{" + CHAT + ",\"stream\":true}"));
        assertThat(plain).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(plain.getFirst().get("choices").get(0).get("delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(plain.getLast().get("choices").get(0).get("delta").toString()).isEqualTo("{}");
        assertThat(fields(plain.getFirst().get("choices").get(0))).containsExactly("index", "delta", "logprobs", "finish_reason");

        List<JsonNode> counted = StructuredOutputTest.events(api.post("/v1/chat/completions", "{" + CHAT
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
        assertThat(counted.subList(0, counted.size() - 1)).allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
        assertThat(counted.getLast().get("choices")).isEmpty();
        assertThat(counted.getLast().get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void completionWholeAndStreamed() {
        JsonNode r = api.post("/v1/completions", "{" + M + ",\"prompt\":\"Hi\",\"max_tokens\":2,\"logprobs\":1}").json();
        assertThat(fields(r)).containsExactly("id", "object", "created", "model", "system_fingerprint", "choices", "usage");
        assertThat(r.get("object").asString()).isEqualTo("text_completion");
        assertThat(fields(r.get("choices").get(0))).containsExactly("text", "index", "logprobs", "finish_reason");
        assertThat(fields(r.get("choices").get(0).get("logprobs"))).containsExactly("tokens", "token_logprobs", "top_logprobs",
                "text_offset");
        List<JsonNode> chunks = StructuredOutputTest.events(api.post("/v1/completions", "{" + M
                + ",\"prompt\":\"Hi\",\"max_tokens\":2,\"stream\":true}"));
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(chunks.getFirst().get("choices").get(0).get("logprobs").isNull()).isTrue();
    }

    @Test
    void modelsTokenizeAndErrors() {
        JsonNode models = api.get("/v1/models").json();
        assertThat(fields(models)).containsExactly("object", "data");
        assertThat(fields(models.get("data").get(0))).containsExactly("id", "object", "created", "owned_by", "max_model_len");
        assertThat(fields(api.post("/tokenize", "{" + M + ",\"prompt\":\"Hi\"}").json()))
                .containsExactly("count", "max_model_len", "tokens");
        JsonNode error = api.post("/v1/completions", "{" + M + "}").json();
        assertThat(fields(error)).containsExactly("error");
        assertThat(fields(error.get("error"))).containsExactly("message", "type", "param", "code");
        assertThat(error.get("error").get("code").isNull()).isTrue();
    }
}
