package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.gateway.limit.KeyRateLimiter;
import dev.janus.gateway.limit.RedisKeyRateLimiter;
import dev.janus.testsupport.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** The per-key limit kept in a real Redis (Spring Cloud Gateway's script). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.rate-limit.backend=auto",
        "moe.gateway.rate-limit.replenish-per-second=1",
        "moe.gateway.rate-limit.burst=3"})
class GatewayRedisRateLimitTest {

    /** A fresh key per run: Redis keeps buckets between runs. */
    static final String KEY = "sk-redis-" + UUID.randomUUID();

    static final DisposableServer ATTENTION = StandInBackend.start(r -> r.get("/v1/models",
            (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just("{\"data\":[]}"))));

    /** test-support's Redis (Testcontainers, else 127.0.0.1:6379, else skipped with the reason);
     *  the in-memory limiter is tested in GatewayKeysAndLimitsTest. */
    static RedisServer redis;

    @BeforeAll
    static void requireRedis() {
        redis = RedisServer.get();
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> redis.host());
        registry.add("spring.data.redis.port", () -> redis.port());
        registry.add("moe.gateway.attention-uris", () -> StandInBackend.url(ATTENTION));
        registry.add("moe.gateway.api-keys", () -> KEY);
    }

    @AfterAll
    static void stopBackend() {
        ATTENTION.disposeNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    KeyRateLimiter limiter;

    @Test
    void springDataRedisHostSelectsTheRedisLimiter() {
        assertThat(limiter).isInstanceOf(RedisKeyRateLimiter.class);
    }

    @Test
    void aKeyPastItsBurstGets429WithRetryAfter() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
        EntityExchangeResult<String> refused = null;
        int accepted = 0;
        for (int i = 0; i < 6 && refused == null; i++) {
            EntityExchangeResult<String> result = client.get().uri("/v1/models")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange()
                    .expectBody(String.class).returnResult();
            if (result.getStatus().value() == 429) {
                refused = result;
            } else {
                assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
                accepted++;
            }
        }
        assertThat(refused).as("a 429 after the burst").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(3);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(refused.getResponseBody()).contains("\"code\":\"rate_limit_exceeded\"");
    }
}
