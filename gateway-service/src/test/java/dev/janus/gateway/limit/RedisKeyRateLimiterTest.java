package dev.janus.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

class RedisKeyRateLimiterTest {

    @Test
    void anUnreachableRedisLetsTheRequestThroughAtOnceInsteadOfHoldingIt() {
        RedisRateLimiter redis = mock(RedisRateLimiter.class);
        when(redis.isAllowed("api", "k")).thenReturn(Mono.never()); // commands queued while Redis is down
        KeyRateLimiter.Decision d = new RedisKeyRateLimiter(redis, "api", 10).tryAcquire("k")
                .block(RedisKeyRateLimiter.FAIL_OPEN_AFTER.plus(Duration.ofSeconds(2)));
        assertThat(d).isEqualTo(KeyRateLimiter.Decision.ALLOWED);
    }

    @Test
    void aRefusalCarriesRetryAfter() {
        RedisRateLimiter redis = mock(RedisRateLimiter.class);
        when(redis.isAllowed("api", "k")).thenReturn(Mono.just(new RateLimiter.Response(false, Map.of())));
        KeyRateLimiter.Decision d = new RedisKeyRateLimiter(redis, "api", 10).tryAcquire("k").block(Duration.ofSeconds(2));
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
    }
}
