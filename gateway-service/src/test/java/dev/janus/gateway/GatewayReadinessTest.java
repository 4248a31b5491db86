package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.gateway.balance.AttentionInstance;
import dev.janus.gateway.balance.AttentionPool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Active readiness checks: of three listed attention instances one is ready, one answers its
 * readiness probe 503 (Spring's REFUSING_TRAFFIC: starting or shutting down gracefully) and one does
 * not run yet (a scale-out target). Only the ready one gets requests and nothing fails, not even
 * on a breaker; the second joins once its probe says 200 and leaves when it says 503 again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.rate-limit.enabled=false", "moe.gateway.health-check.interval=200ms"})
class GatewayReadinessTest {

    static final AtomicInteger READY_HITS = new AtomicInteger();
    static final AtomicInteger FLIPPING_HITS = new AtomicInteger();
    static final AtomicInteger FLIPPING_READINESS = new AtomicInteger(503);
    static final DisposableServer READY = StandInBackend.start(r -> r.post("/v1/echo", (req, res) -> {
        READY_HITS.incrementAndGet();
        return res.sendString(req.receive().aggregate().asString());
    }));
    static final DisposableServer FLIPPING = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
            .get(StandInBackend.READINESS, (req, res) -> res.status(FLIPPING_READINESS.get()).sendString(Mono.just("{}")))
            .post("/v1/echo", (req, res) -> {
                FLIPPING_HITS.incrementAndGet();
                return res.sendString(req.receive().aggregate().asString());
            })).bindNow();
    static final String ABSENT = "http://127.0.0.1:" + StandInBackend.closedPort();

    @DynamicPropertySource
    static void attentionUris(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> StandInBackend.url(READY) + "," + StandInBackend.url(FLIPPING)
                + "," + ABSENT);
    }

    @AfterAll
    static void stopBackends() {
        READY.disposeNow();
        FLIPPING.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    AttentionPool pool;

    @Test
    void onlyReadyInstancesGetRequestsAndInstancesJoinAndLeaveWithTheirProbe() {
        // checked before the gateway serves: no request can reach a not-ready instance
        assertThat(instance(StandInBackend.url(READY)).ready()).isTrue();
        assertThat(instance(StandInBackend.url(FLIPPING)).ready()).isFalse();
        assertThat(instance(ABSENT).ready()).isFalse();
        echo(8);
        assertThat(READY_HITS.get()).isEqualTo(8);
        assertThat(FLIPPING_HITS.get()).isZero();
        assertThat(instance(ABSENT).breaker().getMetrics().getNumberOfFailedCalls()).as("never tried").isZero();
        assertThat(metrics()).containsPattern("janus_gateway_attention_ready\\{.*attention=\"" + ABSENT + "\"} 0.0")
                .containsPattern("janus_gateway_attention_ready\\{.*attention=\"" + StandInBackend.url(READY) + "\"} 1.0")
                .containsPattern("janus_gateway_attention_served_total\\{.*attention=\"" + StandInBackend.url(READY) + "\"} 8.0");

        FLIPPING_READINESS.set(200); // started: joins
        await().atMost(Duration.ofSeconds(5)).until(() -> instance(StandInBackend.url(FLIPPING)).ready());
        echo(8);
        assertThat(FLIPPING_HITS.get()).as("sequential requests rotate over the ready instances").isEqualTo(4);

        FLIPPING_READINESS.set(503); // shutting down gracefully: leaves while it still answers
        await().atMost(Duration.ofSeconds(5)).until(() -> !instance(StandInBackend.url(FLIPPING)).ready());
        echo(8);
        assertThat(FLIPPING_HITS.get()).isEqualTo(4);
        assertThat(pool.instances()).allSatisfy(i -> assertThat(i.breaker().getMetrics().getNumberOfFailedCalls()).isZero());
    }

    private void echo(int n) {
        for (int i = 0; i < n; i++) {
            String body = "{\"prompt\":\"request " + i + "\"}";
            client().post().uri("/v1/echo").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).isEqualTo(body);
        }
        // a lease ends just after the client has read the response: let the counts settle
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.instances()).allSatisfy(i -> assertThat(i.inFlight()).isZero()));
    }

    private String metrics() {
        return client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private AttentionInstance instance(String uri) {
        return pool.instances().stream().filter(i -> i.uri().toString().equals(uri)).findFirst().orElseThrow();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }
}
