package dev.janus.attention.stats;

import dev.janus.attention.ApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP for the stats tests (with the internal token): bytes for the binary snapshot, JSON otherwise. */
final class StatsHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    StatsHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ApiTest.INTERNAL_TOKEN).GET().build());
    }

    /** A greedy completion of {@code prompt}; returns prompt_tokens + completion_tokens - 1, the tokens forwarded. */
    int complete(String model, String prompt, int maxTokens) {
        String body = "{\"model\":\"" + model + "\",\"prompt\":" + prompt + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0}";
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("completion failed: " + r.statusCode() + " " + new String(r.body()));
        }
        JsonNode usage = JSON.readTree(r.body()).get("usage");
        // the last sampled token is returned, never fed back through the layers
        return usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt() - 1;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
