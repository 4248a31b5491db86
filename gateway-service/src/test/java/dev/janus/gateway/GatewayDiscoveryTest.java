package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.gateway.balance.AttentionInstance;
import dev.janus.gateway.balance.AttentionPool;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Attention instances from Spring Cloud's simple DiscoveryClient instead of the configured list
 * (which points nowhere here), balanced by in-flight requests, and looked up again as they change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.discovery.service-id=attention-service",
        "moe.gateway.discovery.refresh=100ms",
        "moe.gateway.rate-limit.enabled=false"})
class GatewayDiscoveryTest {

    static final AtomicInteger A_HITS = new AtomicInteger();
    static final AtomicInteger B_HITS = new AtomicInteger();
    static final DisposableServer A = StandInBackend.start(r -> models(r, A_HITS));
    static final DisposableServer B = StandInBackend.start(r -> models(r, B_HITS));

    private static void models(reactor.netty.http.server.HttpServerRoutes routes, AtomicInteger hits) {
        routes.get("/v1/models", (req, res) -> {
            hits.incrementAndGet();
            return res.header("Content-Type", "application/json")
                    .sendString(Mono.delay(Duration.ofMillis(20)).thenReturn("{\"data\":[]}"));
        });
    }

    @DynamicPropertySource
    static void discovered(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> "http://127.0.0.1:" + StandInBackend.closedPort());
        registry.add("spring.cloud.discovery.client.simple.instances.attention-service[0].uri", () -> StandInBackend.url(A));
        registry.add("spring.cloud.discovery.client.simple.instances.attention-service[1].uri", () -> StandInBackend.url(B));
    }

    @AfterAll
    static void stopBackends() {
        A.disposeNow();
        B.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    AttentionPool pool;

    @Autowired
    SimpleDiscoveryProperties discovery;

    @Test
    void requestsGoToTheDiscoveredInstancesAndFollowChanges() {
        assertThat(uris()).containsExactly(URI.create(StandInBackend.url(A)), URI.create(StandInBackend.url(B)));
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        Flux.range(0, 20)
                .flatMap(i -> web.get().uri("/v1/models").retrieve().toBodilessEntity(), 4)
                .doOnNext(response -> assertThat(response.getStatusCode().value()).isEqualTo(200))
                .blockLast(Duration.ofSeconds(30));
        assertThat(A_HITS.get() + B_HITS.get()).isEqualTo(20);
        assertThat(A_HITS.get()).isPositive();
        assertThat(B_HITS.get()).isPositive();

        // B leaves the registry: the next lookups drop it, and A serves alone
        List<InstanceProperties> registered = discovery.getInstances().get("attention-service");
        registered.removeIf(i -> i.getUri().equals(URI.create(StandInBackend.url(B))));
        await().atMost(Duration.ofSeconds(10)).until(() -> uris().size() == 1);
        assertThat(uris()).containsExactly(URI.create(StandInBackend.url(A)));
        int bBefore = B_HITS.get();
        for (int i = 0; i < 4; i++) {
            assertThat(web.get().uri("/v1/models").retrieve().toBodilessEntity().block(Duration.ofSeconds(10))
                    .getStatusCode().value()).isEqualTo(200);
        }
        assertThat(B_HITS.get()).isEqualTo(bBefore);
    }

    private List<URI> uris() {
        return pool.instances().stream().map(AttentionInstance::uri).toList();
    }
}
