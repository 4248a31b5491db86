package dev.janus.scaler.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stub Prometheus HTTP API: {@code /api/v1/query?query=Q} answers a one-element vector with the
 * value set for the query whose text contains a key (first match), else an empty vector.
 */
public final class StubPrometheus implements AutoCloseable {

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final StubServer server = new StubServer("application/json", this::answer);

    /** Queries containing {@code fragment} answer {@code value} ("NaN" allowed). */
    public StubPrometheus value(String fragment, String value) {
        values.put(fragment, value);
        return this;
    }

    public URI uri() {
        return server.uri();
    }

    public StubServer server() {
        return server;
    }

    private String answer(URI uri) {
        String raw = uri.getRawQuery();
        String query = raw == null ? "" : URLDecoder.decode(raw.substring(raw.indexOf('=') + 1), StandardCharsets.UTF_8);
        String value = values.entrySet().stream().filter(e -> query.contains(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue).orElse(null);
        String result = value == null ? "[]" : "[{\"metric\":{},\"value\":[1733011200.0,\"" + value + "\"]}]";
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}";
    }

    @Override
    public void close() {
        server.close();
    }
}
