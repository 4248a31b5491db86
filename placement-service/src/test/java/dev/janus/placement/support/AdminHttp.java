package dev.janus.placement.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API over real HTTP, with the test admin key unless told otherwise; /internal with the internal token. */
public final class AdminHttp {

    public static final String KEY = "test-admin-key";
    /** moe.internal.token of the service under test and of the stub services (StubCluster). */
    public static final String INTERNAL_TOKEN = "test-internal-token";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status, Content-Type, body as JSON (null when empty or not JSON), Location, every header. */
    public record Reply(int status, String contentType, String text, String location, HttpHeaders headers) {

        /** The WWW-Authenticate challenges. */
        public List<String> challenges() {
            return headers.allValues("WWW-Authenticate");
        }

        public JsonNode json() {
            return text.isBlank() ? null : JSON.readTree(text);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public AdminHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The admin API of the service on {@code port}, once it answers with the test key (the first epoch is known). */
    public static AdminHttp whenReady(int port) {
        AdminHttp admin = new AdminHttp(port);
        await().until(() -> admin.get("/admin/placement").status() == 200);
        return admin;
    }

    public Reply get(String path) {
        return send("GET", path, null, KEY, "application/json");
    }

    /** A GET of the control plane, as a service sends it: with the internal token. */
    public Reply internal(String path) {
        return send("GET", path, null, INTERNAL_TOKEN, "application/json");
    }

    public Reply post(String path, String json) {
        return send("POST", path, json, KEY, "application/json");
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json, KEY, "application/json");
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, KEY, "application/json");
    }

    /** Any request; {@code key} null sends no Authorization header. */
    public Reply send(String method, String path, String body, String key, String contentType) {
        return sendWith(method, path, body, contentType, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
    }

    /** Any request with exactly these extra headers (e.g. a Basic Authorization). */
    public Reply sendWith(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Location").orElse(null), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
