package dev.janus.gateway;

import java.util.function.Consumer;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** A tiny HTTP server on a random loopback port standing in for attention / placement / scaler. */
final class StandInBackend {

    private StandInBackend() {}

    static DisposableServer start(Consumer<HttpServerRoutes> routes) {
        return HttpServer.create().host("127.0.0.1").port(0).route(routes).bindNow();
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = server.port();
        server.disposeNow();
        return port;
    }

    static String url(DisposableServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}
