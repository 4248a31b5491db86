package dev.janus.gateway;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A stand-in attention-service and placement-service for one gateway test class, and a scaler
 * nothing answers for. Declared as a static {@code @RegisterExtension} field, they stop after the class.
 */
final class StandInUpstreams implements AfterAllCallback {

    /** An attention-service whose {@code GET /v1/models} lists no models. */
    static final Consumer<HttpServerRoutes> NO_MODELS = r -> r.get("/v1/models",
            (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just("{\"data\":[]}")));

    private final DisposableServer attention;
    private final DisposableServer placement;

    StandInUpstreams(Consumer<HttpServerRoutes> attention, Consumer<HttpServerRoutes> placement) {
        this.attention = StandInBackend.start(attention);
        this.placement = StandInBackend.start(placement);
    }

    /** Points the gateway's attention, placement and (closed) scaler upstreams at the stand-ins. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> StandInBackend.url(attention));
        registry.add("moe.gateway.placement-uri", () -> StandInBackend.url(placement));
        registry.add("moe.gateway.scaler-uri", () -> "http://127.0.0.1:" + StandInBackend.closedPort());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        attention.disposeNow();
        placement.disposeNow();
    }
}
