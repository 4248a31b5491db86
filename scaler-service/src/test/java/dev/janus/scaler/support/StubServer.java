package dev.janus.scaler.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stub HTTP server on a random loopback port: every GET is answered by {@code answer} from the
 * request URI (status 200 with the returned body, 500 when it returns null); requests are recorded.
 * Any method is answered the same way.
 */
public final class StubServer implements AutoCloseable {

    private final HttpServer server;
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Function<URI, String> answer;
    private final String contentType;

    public StubServer(String contentType, Function<URI, String> answer) {
        this.answer = answer;
        this.contentType = contentType;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add((exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + sent).strip()
                    + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            String body = this.answer.apply(exchange.getRequestURI());
            byte[] bytes = (body == null ? "stub failure" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", this.contentType);
            exchange.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void answer(Function<URI, String> next) {
        answer = next;
    }

    public List<URI> requests() {
        return requests;
    }

    /** "METHOD path body auth=<Authorization>" per request, in order. */
    public List<String> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
