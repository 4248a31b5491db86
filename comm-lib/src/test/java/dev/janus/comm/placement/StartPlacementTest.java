package dev.janus.comm.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.janus.comm.security.InternalToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service asks placement-service for the current epoch with the internal token; a refused
 * token fails the start at once with the setting's name instead of waiting service-wait out.
 */
class StartPlacementTest {

    private static final PlacementEpoch CURRENT = PlacementEpoch.roundRobin(7, 2, 4, 2, 0, null);

    private HttpServer placement;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        placement = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        placement.createContext("/internal/placement/current", exchange -> {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                seen.add(String.valueOf(authorization));
                byte[] body = PlacementJson.encode(CURRENT).getBytes(StandardCharsets.UTF_8);
                if (!"Bearer t0ken".equals(authorization)) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        placement.start();
    }

    @AfterEach
    void stop() {
        placement.stop(0);
    }

    private PlacementConfig config() {
        return new PlacementConfig(2, 0, null, URI.create("http://127.0.0.1:" + placement.getAddress().getPort()),
                Duration.ofSeconds(30));
    }

    @Test
    void theCurrentEpochIsFetchedWithTheToken() {
        StartPlacement.Resolved start = StartPlacement.resolve(config(), InternalToken.of("t0ken"), 2, 4, w -> { });
        assertThat(start.epoch().version()).isEqualTo(7);
        assertThat(seen).containsExactly("Bearer t0ken");
    }

    @Test
    void aRefusedOrMissingTokenFailsTheStartNamingTheSetting() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> StartPlacement.resolve(config(), InternalToken.of("wrong"), 2, 4, w -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("moe.internal.token");
        assertThatThrownBy(() -> StartPlacement.resolve(config(), InternalToken.none(), 2, 4, w -> { }))
                .hasMessageContaining("none is configured").hasMessageContaining("MOE_INTERNAL_TOKEN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no retries until service-wait")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(seen).containsExactly("Bearer wrong", "null");
    }
}
