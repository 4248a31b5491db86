package dev.janus.benchmarks.load;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Times one OpenAI completion stream from its events (the data of each server-sent event and the
 * time it arrived). A token counts as arrived with the first chunk whose {@code text}
 * (completions) or {@code delta.content} (chat) is not empty — chat's role-only first chunk and
 * the usage chunk are not tokens; the last token is the last chunk that carries a choice (its
 * {@code finish_reason} chunk). Token count: the usage chunk's {@code completion_tokens} when
 * the server sent one ({@code stream_options.include_usage}), otherwise the content chunks, which
 * undercounts when the server holds text back (incomplete UTF-8, possible stop strings).
 */
final class StreamRecorder {

    private final ObjectMapper json;
    private final long sentNanos;
    private long firstTokenNanos = -1;
    private long lastTokenNanos = -1;
    private int contentChunks;
    private int usageTokens = -1;
    private boolean done;
    private String error;

    StreamRecorder(ObjectMapper json, long sentNanos) {
        this.json = json;
        this.sentNanos = sentNanos;
    }

    /** One event's data, received at {@code nanos} (System.nanoTime). */
    void event(String data, long nanos) {
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JacksonException e) {
            fail("an event is not JSON: " + abbreviate(data));
            return;
        }
        if (chunk.hasNonNull("error")) {
            fail("error event: " + chunk.get("error").path("message").asText(abbreviate(data)));
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            String text = choice.has("delta") ? choice.path("delta").path("content").asText("")
                    : choice.path("text").asText("");
            if (!text.isEmpty()) {
                contentChunks++;
                if (firstTokenNanos < 0) {
                    firstTokenNanos = nanos;
                }
            }
            lastTokenNanos = nanos;
        }
        JsonNode usage = chunk.path("usage");
        if (usage.has("completion_tokens")) {
            usageTokens = usage.get("completion_tokens").asInt();
        }
    }

    RequestResult result() {
        if (error != null) {
            return RequestResult.failed(error);
        }
        if (!done) {
            return RequestResult.failed("the stream ended without data: [DONE]");
        }
        if (firstTokenNanos < 0) {
            return RequestResult.failed("the stream carried no token");
        }
        int tokens = usageTokens >= 0 ? usageTokens : contentChunks;
        double tpot = tokens > 1 ? (double) (lastTokenNanos - firstTokenNanos) / (tokens - 1) : Double.NaN;
        return new RequestResult(null, tokens, firstTokenNanos - sentNanos, tpot);
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
