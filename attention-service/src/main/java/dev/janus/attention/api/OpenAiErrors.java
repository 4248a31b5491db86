package dev.janus.attention.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Renders {@link OpenAiException}s as OpenAI's error JSON (also inside an SSE stream). */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static ObjectNode body(JsonMapper json, OpenAiException e) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return root;
    }

    static ResponseEntity<String> response(JsonMapper json, OpenAiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status().value() == 503 || e.status().value() == 429) {
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(json.writeValueAsString(body(json, e)));
    }
}
