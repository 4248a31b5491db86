package dev.janus.attention.api;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** Renders {@link OpenAiException}s as OpenAI's error JSON (also inside an SSE stream). */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}, param and code null when unset. */
    record Body(Error error) {
        record Error(String message, String type, @Nullable String param, @Nullable String code) {
        }
    }

    static Body body(OpenAiException e) {
        return new Body(new Body.Error(e.getMessage(), e.type(), e.param(), e.code()));
    }

    static ResponseEntity<String> response(JsonMapper json, OpenAiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status().value() == 503 || e.status().value() == 429) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(json.writeValueAsString(body(e)));
    }
}
