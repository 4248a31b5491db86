package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Requests bound to their records: no silent coercion (a string is not a number, 1.5 is not an
 * integer, a number is not a string), 1.0 is an integer, null is "not set", unknown fields are
 * ignored, and each error names the field where the client wrote it, nested ones too.
 */
@ApiTest
class RequestBindingTest {

    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";
    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @LocalServerPort
    int port;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    private JsonNode error(String path, String body) {
        RawApi.Reply r = api.post(path, body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
        return r.json().get("error");
    }

    @Test
    void wrongTypesAreNamedWithWhatTheyMustBe() {
        assertThat(error("/v1/completions", "{" + M + ",\"prompt\":\"hi\",\"max_tokens\":\"10\"}").get("message").asString())
                .isEqualTo("'max_tokens' must be an integer");
        assertThat(error("/v1/completions", "{" + M + ",\"prompt\":\"hi\",\"n\":1.5}").get("message").asString())
                .isEqualTo("'n' must be an integer");
        assertThat(error("/v1/completions", "{\"model\":5,\"prompt\":\"hi\"}").get("message").asString())
                .isEqualTo("'model' must be a string");
        assertThat(error("/v1/completions", "{" + M + ",\"prompt\":\"hi\",\"echo\":1}").get("param").asString())
                .isEqualTo("echo");
        assertThat(error("/v1/completions", "{" + M + ",\"prompt\":\"hi\",\"seed\":9223372036854775808}").get("param")
                .asString()).isEqualTo("seed");
        assertThat(error("/v1/completions", "{" + M + ",\"prompt\":\"hi\",\"stream_options\":{\"include_usage\":\"yes\"},"
                + "\"stream\":true}").get("param").asString()).isEqualTo("stream_options.include_usage");
    }

    @Test
    void nestedErrorsNameTheirPlace() {
        JsonNode e = error("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"user\",\"content\":5}]}");
        assertThat(e.get("param").asString()).isEqualTo("messages[1].content");
        assertThat(e.get("message").asString()).isEqualTo("'messages[1].content' must be a string or an array of text parts");
        assertThat(error("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}")
                .get("param").asString()).isEqualTo("messages[0].role");
        assertThat(error("/v1/chat/completions", "{" + M + "," + USER + ",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"description\":7}}]}").get("param").asString())
                .isEqualTo("tools[0].function.description");
    }

    @Test
    void rangesAndRequiredFieldsAreWorded() {
        assertThat(error("/v1/chat/completions", "{" + M + "," + USER + ",\"temperature\":3}").get("message").asString())
                .startsWith("'temperature' must be less than or equal to 2").endsWith("(got 3.0)");
        assertThat(error("/v1/chat/completions", "{" + USER + "}").get("message").asString()).isEqualTo("'model' is required");
        assertThat(error("/v1/chat/completions", "{" + M + ",\"messages\":[]}").get("message").asString())
                .isEqualTo("'messages' must hold 1 to 1024 messages");
    }

    @Test
    void integralFloatsNullsAndUnknownFieldsAreAccepted() {
        RawApi.Reply r = api.post("/v1/chat/completions", "{" + M + "," + USER + ",\"max_tokens\":2.0,\"n\":null,"
                + "\"temperature\":0,\"some_future_field\":{\"x\":1},\"seed\":null}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("usage").get("completion_tokens").asInt()).isEqualTo(2);
    }
}
