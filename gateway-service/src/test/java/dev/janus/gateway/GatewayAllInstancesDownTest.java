package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.gateway.balance.AttentionInstance;
import dev.janus.gateway.balance.AttentionPool;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every configured attention instance refuses connections: with readiness checks off (the
 * breakers alone) the breakers open; with checks none is ever tried (GatewayReadinessTest).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moe.gateway.health-check.enabled=false")
class GatewayAllInstancesDownTest {

    @DynamicPropertySource
    static void deadInstances(DynamicPropertyRegistry registry) {
        String a = "http://127.0.0.1:" + StandInBackend.closedPort();
        String b = "http://127.0.0.1:" + StandInBackend.closedPort();
        registry.add("moe.gateway.attention-uris", () -> a + "," + b);
    }

    @LocalServerPort
    int port;

    @Autowired
    AttentionPool pool;

    @Test
    void clientsGetOpenAi503AndTheBreakersOpen() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
        // minimum-number-of-calls is 4 per instance: 8 failures open both breakers
        for (int i = 0; i < 8; i++) {
            client.get().uri("/v1/models").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.error.type").isEqualTo("service_unavailable")
                    .jsonPath("$.error.code").isEqualTo("service_unavailable");
        }
        assertThat(pool.instances()).extracting(AttentionInstance::breaker).extracting(CircuitBreaker::getState)
                .containsOnly(CircuitBreaker.State.OPEN);
        // a lease is released when the response has ended, which may be just after the client read it
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.instances()).allSatisfy(i -> assertThat(i.inFlight()).isZero()));

        client.get().uri("/v1/models").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("No attention instance is healthy"));
    }
}
