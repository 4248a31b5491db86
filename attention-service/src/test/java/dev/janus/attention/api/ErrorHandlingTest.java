package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile requests: every answer is a well-formed OpenAI error with a 4xx status
 * (never a 500, never a hang), and the server still serves a normal request afterwards.
 */
@ApiTest
class ErrorHandlingTest {

    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";

    @LocalServerPort
    int port;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    private static void assertOpenAiError(RawApi.Reply r, int status, String request) {
        assertThat(r.status()).as("status of %s -> %s", request, r.body()).isEqualTo(status);
        assertWellFormedError(r, request);
    }

    private static void assertWellFormedError(RawApi.Reply r, String request) {
        assertThat(r.contentType()).as(request).startsWith("application/json");
        JsonNode error = r.json().get("error");
        assertThat(error).as("error body of %s: %s", request, r.body()).isNotNull();
        assertThat(error.get("message").isString()).isTrue();
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("type").isString()).isTrue();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void badFieldsAre400WithTheParamNamed() {
        record Case(String body, String param) {
        }
        List<Case> cases = List.of(
                new Case("{" + M + ",\"prompt\":\"hi\",\"max_tokens\":\"10\"}", "max_tokens"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"max_tokens\":-1}", "max_tokens"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"max_tokens\":1.5}", "max_tokens"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"temperature\":-0.1}", "temperature"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"temperature\":1e400}", "temperature"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"top_p\":0}", "top_p"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"n\":0}", "n"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"n\":1000000}", "n"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"logprobs\":true}", "logprobs"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"logprobs\":21}", "logprobs"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"stop\":[\"\"]}", "stop"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"stop\":7}", "stop"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"stream_options\":{\"include_usage\":true}}", "stream_options"),
                new Case("{" + M + ",\"prompt\":\"\"}", "prompt"),
                new Case("{" + M + ",\"prompt\":[]}", "prompt"),
                new Case("{" + M + ",\"prompt\":[[]]}", "prompt"),
                new Case("{" + M + ",\"prompt\":[-1]}", "prompt"),
                new Case("{" + M + ",\"prompt\":[100000]}", "prompt"),
                new Case("{" + M + ",\"prompt\":[1.5]}", "prompt"),
                new Case("{" + M + ",\"prompt\":{\"a\":1}}", "prompt"),
                new Case("{" + M + "}", "prompt"),
                new Case("{\"prompt\":\"hi\"}", "model"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"max_tokens\":100000000}", "prompt"),
                new Case("{" + M + ",\"prompt\":\"hi\",\"presence_penalty\":1}", "presence_penalty"));
        for (Case c : cases) {
            RawApi.Reply r = api.post("/v1/completions", c.body());
            assertOpenAiError(r, 400, c.body());
            assertThat(r.json().get("error").get("param").asString()).as(c.body()).isEqualTo(c.param());
        }
    }

    @Test
    void chatFieldsAreValidated() {
        List<String> bodies = List.of(
                "{" + M + "}",
                "{" + M + ",\"messages\":[]}",
                "{" + M + ",\"messages\":\"hi\"}",
                "{" + M + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
                "{" + M + ",\"messages\":[{\"content\":\"hi\"}]}",
                "{" + M + ",\"messages\":[{\"role\":\"user\"}]}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
                "{" + M + ",\"messages\":[1]}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_logprobs\":3}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true,\"top_logprobs\":99}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":99999999}",
                "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\"}]}");
        for (String body : bodies) {
            assertOpenAiError(api.post("/v1/chat/completions", body), 400, body);
        }
    }

    @Test
    void megabytesOfTextAreRefusedQuickly() {
        String huge = "a".repeat(4 << 20);
        assertOpenAiError(api.post("/v1/completions", "{" + M + ",\"prompt\":\"" + huge + "\"}"), 400, "4 MB prompt");
        assertOpenAiError(api.post("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + huge + "\"}]}"), 400, "4 MB message");
        assertOpenAiError(api.post("/v1/completions", "{" + M + ",\"prompt\":\"" + "a".repeat(10 << 20) + "\"}"), 400,
                "10 MB body");
    }

    @Test
    void unknownModelIs404() {
        assertOpenAiError(api.post("/v1/chat/completions",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404, "chat");
        assertOpenAiError(api.get("/v1/models/nope"), 404, "models/nope");
    }

    @Test
    void malformedBodiesAre400() {
        for (String body : List.of("", "   ", "{", "not json", "[]", "42", "null", "\"str\"", "{\"model\":}",
                "{} {}", "{\"a\":1,}", "\u0000", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":\"hi\"")) {
            assertOpenAiError(api.post("/v1/completions", body), 400, body);
        }
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertOpenAiError(api.post("/v1/completions", deep), 400, "deep nesting");
    }

    @Test
    void wrongMethodAndPathAreOpenAiErrors() {
        RawApi.Reply r = api.get("/v1/completions");
        assertThat(r.status()).isEqualTo(405);
        assertWellFormedError(r, "GET completions");
        r = api.get("/v1/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertWellFormedError(r, "GET unknown");
    }

    /** A few hundred random mutations of valid requests; all 2xx or well-formed 4xx. */
    @Test
    void fuzzedRequestsNeverBreakTheServer() {
        Random random = new Random(1234);
        String[] fields = {"model", "prompt", "messages", "max_tokens", "max_completion_tokens", "temperature",
                "top_p", "top_k", "seed", "n", "stop", "logprobs", "top_logprobs", "echo", "stream", "stream_options",
                "best_of", "logit_bias", "user", "suffix", "ignore_eos"};
        String[] values = {"null", "true", "false", "0", "-1", "1", "2", "3.5", "-1e308", "1e308", "9223372036854775808",
                "\"\"", "\"x\"", "\"" + TinyModel.ID + "\"", "[]", "[1,2,3]", "[[1],[2]]", "[\"a\",\"b\"]", "{}",
                "{\"include_usage\":\"yes\"}", "[-5]", "[511]", "[512]", "\"\\ud800\"", "[{\"role\":\"user\",\"content\":\"hi\"}]",
                "[{\"role\":\"user\",\"content\":null}]", "2147483648", "-2147483649", "1.0", "\"16\""};
        List<String> failures = new ArrayList<>();
        int served = 0;
        for (int i = 0; i < 300; i++) {
            StringBuilder body = new StringBuilder("{");
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    body.append(',');
                }
                body.append('"').append(fields[random.nextInt(fields.length)]).append("\":")
                        .append(values[random.nextInt(values.length)]);
            }
            if (random.nextBoolean()) {
                body.append(",\"model\":\"").append(TinyModel.ID).append('"');
            }
            body.append(",\"max_tokens\":2}");
            String text = body.toString();
            if (random.nextInt(10) == 0) {
                text = text.substring(0, random.nextInt(text.length())); // truncated JSON
            }
            String path = random.nextBoolean() ? "/v1/completions" : "/v1/chat/completions";
            RawApi.Reply r = api.post(path, text);
            if (r.status() == 200) {
                served++;
                continue;
            }
            if (r.status() < 400 || r.status() >= 500) {
                failures.add(r.status() + " " + path + " " + text + " -> " + r.body());
                continue;
            }
            assertWellFormedError(r, text);
        }
        assertThat(failures).isEmpty();
        assertThat(served).isLessThan(300);
        RawApi.Reply ok = api.post("/v1/completions", "{" + M + ",\"prompt\":[1,2,3],\"max_tokens\":3,\"temperature\":0}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
    }
}
