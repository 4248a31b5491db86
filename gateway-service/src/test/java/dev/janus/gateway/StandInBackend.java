package dev.janus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** A tiny HTTP server on a random loopback port standing in for attention / placement / scaler. */
final class StandInBackend {

    static final String READINESS = "/actuator/health/readiness";

    private static final List<Socket> HELD = new ArrayList<>();

    private StandInBackend() {}

    /** A stand-in that is ready (its readiness probe answers 200, as a started attention-service's) and serves {@code routes}. */
    static DisposableServer start(Consumer<HttpServerRoutes> routes) {
        return HttpServer.create().host("127.0.0.1").port(0).route(r -> {
            r.get(READINESS, (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"status\":\"UP\"}")));
            routes.accept(r);
        }).bindNow();
    }

    /**
     * A loopback port nothing listens on: bound by a socket that never listens, held for the
     * JVM's life, so connecting is refused and no later server (the gateway under test included)
     * can be given the same port. A port bound and released again could be, and then the "dead"
     * instance was the gateway itself: a request to it looped and hung.
     */
    static synchronized int closedPort() {
        try {
            Socket holder = new Socket();
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            HELD.add(holder);
            return holder.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(DisposableServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}
