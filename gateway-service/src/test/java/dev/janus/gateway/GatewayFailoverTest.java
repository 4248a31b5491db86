package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.gateway.balance.AttentionInstance;
import dev.janus.gateway.balance.AttentionPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * The first configured attention instance refuses connections, the second serves: a request
 * sent to the dead one is retried on the live one (it was never sent), body included. And the
 * access log line of each request. Readiness checks are off: this is the second line, for an
 * instance that fails between two checks (with checks the dead one would never be chosen:
 * GatewayReadinessTest).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.rate-limit.enabled=false", "moe.gateway.health-check.enabled=false"})
@ExtendWith(OutputCaptureExtension.class)
class GatewayFailoverTest {

    static final AtomicInteger LIVE_HITS = new AtomicInteger();
    static final DisposableServer LIVE = StandInBackend.start(r -> r
            .get("/v1/models", (req, res) -> {
                LIVE_HITS.incrementAndGet();
                return res.header("Content-Type", "application/json").sendString(Mono.just("{\"data\":[]}"));
            })
            .post("/v1/echo", (req, res) -> {
                LIVE_HITS.incrementAndGet();
                return res.header("Content-Type", "text/plain").sendString(req.receive().aggregate().asString());
            }));
    static final String DEAD = "http://127.0.0.1:" + StandInBackend.closedPort();

    @DynamicPropertySource
    static void attentionUris(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> DEAD + "," + StandInBackend.url(LIVE));
    }

    @AfterAll
    static void stopBackend() {
        LIVE.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    AttentionPool pool;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aRefusedConnectionIsRetriedOnAnotherInstanceWithItsBody() {
        LIVE_HITS.set(0);
        for (int i = 0; i < 4; i++) {
            String body = "{\"prompt\":\"request " + i + "\"}";
            client().post().uri("/v1/echo").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).isEqualTo(body);
        }
        for (int i = 0; i < 4; i++) {
            client().get().uri("/v1/models").exchange().expectStatus().isOk();
        }
        assertThat(LIVE_HITS.get()).isEqualTo(8);
        AttentionInstance dead = pool.instances().stream().filter(i -> i.uri().toString().equals(DEAD)).findFirst().orElseThrow();
        assertThat(dead.breaker().getMetrics().getNumberOfFailedCalls()).as("requests first sent to the dead instance")
                .isPositive();
        // a lease is released when the response has ended, which may be just after the client read it
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.instances()).allSatisfy(i -> assertThat(i.inFlight()).isZero()));
    }

    @Test
    void everyRequestIsLoggedOnceWithAKeyIdButNeverTheKey(CapturedOutput output) throws Exception {
        String key = "sk-do-not-log-me";
        client().get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isOk();
        String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        String expected = "GET /v1/models 200 ";
        // logged when the response has ended
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("key=" + keyId));
        assertThat(output.getOut().lines().filter(l -> l.contains("key=" + keyId)).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains(expected, "ms instance=" + StandInBackend.url(LIVE)));
        assertThat(output.getAll()).doesNotContain(key);
    }
}
