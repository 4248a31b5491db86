package dev.janus.scaler.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API over real HTTP, with the test admin key unless told otherwise. */
public final class AdminHttp {

    public static final String KEY = "test-admin-key";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status, Content-Type, body. */
    public record Reply(int status, String contentType, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public AdminHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply get(String path) {
        return send("GET", path, null, KEY);
    }

    public Reply post(String path) {
        return send("POST", path, null, KEY);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json, KEY);
    }

    /** Any request; {@code key} null sends no Authorization header. */
    public Reply send(String method, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
