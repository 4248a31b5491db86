package dev.janus.placement.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on a random loopback port, one virtual thread per exchange. Like a real
 * service it answers /internal only with the internal token ({@link AdminHttp#INTERNAL_TOKEN}):
 * a call placement-service sent without it fails the test's rollout.
 */
abstract class Stub implements AutoCloseable {

    private final HttpServer server;

    Stub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/internal") && !("Bearer " + AdminHttp.INTERNAL_TOKEN)
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"status\":401,\"code\":\"invalid_internal_token\"}");
                    return;
                }
                handle(exchange, exchange.getRequestMethod(), path);
            } catch (RuntimeException e) {
                send(exchange, 500, e.toString());
            }
        });
        server.start();
    }

    abstract void handle(HttpExchange exchange, String method, String path) throws IOException;

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void send(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
