package dev.janus.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayServiceApplicationTest {

    /** Stands in for attention-service: the test proves the route follows moe.gateway.attention-uris. */
    static final DisposableServer ATTENTION = HttpServer.create().host("127.0.0.1").port(0)
            .route(r -> r.get("/v1/models", (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"object\":\"list\",\"data\":[]}"))))
            .bindNow();

    @DynamicPropertySource
    static void attentionUri(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> "http://127.0.0.1:" + ATTENTION.port());
    }

    @AfterAll
    static void stopAttention() {
        ATTENTION.disposeNow();
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
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
    void otherPathsAreNotRouted() {
        client().get().uri("/other").exchange().expectStatus().isNotFound();
    }
}
