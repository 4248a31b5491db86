package dev.janus.attention.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-sent events in OpenAI's format: {@code data: <json>\n\n} per chunk, {@code data: [DONE]\n\n}
 * at the end. Headers are sent with the first event, so that a failure before it can still be
 * an ordinary HTTP error. Each event is flushed: a client that went away fails the write.
 */
final class SseWriter {

    private final HttpServletResponse response;
    private final JsonMapper json;
    private OutputStream out;

    SseWriter(HttpServletResponse response, JsonMapper json) {
        this.response = response;
        this.json = json;
    }

    boolean started() {
        return out != null;
    }

    /** One event: a chunk record (or any value) as JSON. */
    void send(Object event) throws IOException {
        write("data: " + json.writeValueAsString(event) + "\n\n");
    }

    void done() throws IOException {
        write("data: [DONE]\n\n");
    }

    private void write(String s) throws IOException {
        if (out == null) {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no"); // proxies must not buffer the stream
            out = response.getOutputStream();
        }
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
