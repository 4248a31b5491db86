package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** Open gateway (no keys) in front of two stand-in attention instances: one fast, one slow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.max-request-size=1KB",
        "moe.gateway.rate-limit.burst=10000",
        "moe.gateway.rate-limit.replenish-per-second=10000"})
class GatewayServiceApplicationTest {

    static final AtomicInteger FAST_HITS = new AtomicInteger();
    static final AtomicInteger SLOW_HITS = new AtomicInteger();
    /** Requests for anything but the routes below: none may come through the gateway. */
    static final AtomicInteger OTHER_HITS = new AtomicInteger();
    /** Released by the SSE test once it has seen the first event through the gateway. */
    static final AtomicReference<Sinks.Empty<Void>> SECOND_EVENT_GATE = new AtomicReference<>(Sinks.empty());

    static final DisposableServer FAST = StandInBackend.start(r -> attention(r, FAST_HITS, Duration.ZERO));
    static final DisposableServer SLOW = StandInBackend.start(r -> attention(r, SLOW_HITS, Duration.ofMillis(250)));

    private static void attention(reactor.netty.http.server.HttpServerRoutes routes, AtomicInteger hits, Duration delay) {
        routes.get("/v1/models", (req, res) -> {
                    hits.incrementAndGet();
                    return res.header("Content-Type", "application/json")
                            .sendString(Mono.delay(delay).thenReturn("{\"object\":\"list\",\"data\":[]}"));
                })
                .get("/v1/stream", (req, res) -> res.header("Content-Type", "text/event-stream")
                        .sendString(Flux.concat(
                                Mono.just("data: first\n\n"),
                                SECOND_EVENT_GATE.get().asMono().then(Mono.just("data: last\n\n")))))
                .post("/v1/echo", (req, res) -> res.header("Content-Type", "text/plain")
                        .sendString(req.receive().aggregate().asString().defaultIfEmpty("")))
                .route(req -> true, (req, res) -> {
                    OTHER_HITS.incrementAndGet(); // e.g. /internal/activation-stats or /actuator/prometheus
                    return res.sendString(Mono.just("internal"));
                });
    }

    @DynamicPropertySource
    static void attentionUris(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> StandInBackend.url(FAST) + "," + StandInBackend.url(SLOW));
    }

    @AfterAll
    static void stopBackends() {
        FAST.disposeNow();
        SLOW.disposeNow();
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void healthIsUpOverHttp() {
        client().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void openAiPathsAreRoutedToAttentionService() {
        client().get().uri("/v1/models").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("{\"object\":\"list\",\"data\":[]}");
    }

    @Test
    void otherPathsAreNotRoutedAndAnsweredInTheRealmsErrorShape() {
        client().get().uri("/other").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/json")
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.code").isEqualTo("not_found")
                .jsonPath("$.error.message").isEqualTo("No route for GET /other.");
        client().get().uri("/admin/unknown").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.instance").isEqualTo("/admin/unknown");
    }

    @Test
    void attentionInternalAndActuatorPathsAreNotReachableThroughTheApiRoute() throws Exception {
        OTHER_HITS.set(0);
        for (String path : new String[] {"/internal/activation-stats", "/v1/../internal/activation-stats",
                "/v1/%2e%2e/internal/activation-stats", "/v1/%2E%2E/actuator/prometheus", "/v1/..;/actuator/prometheus",
                "/v1/.%2e/actuator/health", "/v1/models/..%2f..%2finternal/activation-stats"}) {
            RawHttp.Reply reply = RawHttp.get(port, path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.body()).as(path).contains("\"type\":\"invalid_request_error\"", "\"code\":\"not_found\"");
        }
        // refused by Reactor Netty's request decoder itself (an empty 400, before WebFlux and any filter)
        assertThat(RawHttp.get(port, "/v1/..\\internal").status()).isEqualTo(400);
        assertThat(RawHttp.get(port, "/v1/%zz").status()).isEqualTo(400);
        assertThat(OTHER_HITS.get()).isZero();
        assertThat(RawHttp.get(port, "/v1/models").status()).isEqualTo(200);
    }

    @Test
    void theSlowInstanceGetsFewerRequestsThanTheFastOne() {
        FAST_HITS.set(0);
        SLOW_HITS.set(0);
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        int requests = 40;
        Flux.range(0, requests)
                .flatMap(i -> web.get().uri("/v1/models").retrieve().toBodilessEntity(), 4)
                .blockLast(Duration.ofSeconds(30));

        assertThat(FAST_HITS.get() + SLOW_HITS.get()).isEqualTo(requests);
        assertThat(SLOW_HITS.get()).as("both instances serve").isPositive();
        // round-robin would give the slow instance half; least-in-flight keeps its share small
        assertThat(SLOW_HITS.get()).as("slow hits (fast: %d)", FAST_HITS.get()).isLessThan(requests / 4);
    }

    @Test
    void serverSentEventsPassThroughUnbuffered() {
        Sinks.Empty<Void> gate = Sinks.empty();
        SECOND_EVENT_GATE.set(gate);
        Flux<String> events = WebClient.create("http://127.0.0.1:" + port).get().uri("/v1/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(String.class);

        // the backend sends "last" only after the client has received "first" through the gateway
        StepVerifier.create(events)
                .expectNext("first")
                .then(gate::tryEmitEmpty)
                .expectNext("last")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aBodyWithinTheLimitIsForwarded() {
        client().post().uri("/v1/echo").contentType(MediaType.TEXT_PLAIN).bodyValue("x".repeat(1000)).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("x".repeat(1000));
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        client().post().uri("/v1/echo").contentType(MediaType.TEXT_PLAIN).bodyValue("x".repeat(2048)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.code").isEqualTo("request_too_large");
    }

    @Test
    void anOversizedChunkedBodyIsRefusedWith413() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.range(0, 8).map(i -> buffers.wrap(("y".repeat(512)).getBytes()));
        client().post().uri("/v1/echo").contentType(MediaType.TEXT_PLAIN).body(chunks, DataBuffer.class).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.error.code").isEqualTo("request_too_large");
    }
}
