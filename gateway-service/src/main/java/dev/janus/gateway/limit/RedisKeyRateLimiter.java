package dev.janus.gateway.limit;

import java.time.Duration;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

/**
 * Buckets shared by all gateway replicas, kept in Redis by Spring Cloud Gateway's
 * RequestRateLimiter script. The script does not say when the next token comes, so Retry-After
 * is the time one token takes to replenish. Redis being down lets requests through (Gateway's
 * fail-open choice) — and at once: while Redis is unreachable its client queues commands until
 * its command timeout (a minute by default), so a decision that takes longer than
 * {@link #FAIL_OPEN_AFTER} lets the request through instead of holding it.
 */
public final class RedisKeyRateLimiter implements KeyRateLimiter {

    static final Duration FAIL_OPEN_AFTER = Duration.ofMillis(250);

    private final RedisRateLimiter redis;
    private final String routeId;
    private final long retryAfterSeconds;

    public RedisKeyRateLimiter(RedisRateLimiter redis, String routeId, int replenishPerSecond) {
        this.redis = redis;
        this.routeId = routeId;
        this.retryAfterSeconds = Math.max(1, (long) Math.ceil(1.0 / replenishPerSecond));
    }

    @Override
    public Mono<Decision> tryAcquire(String key) {
        return redis.isAllowed(routeId, key)
                .map(r -> r.isAllowed() ? Decision.ALLOWED : new Decision(false, retryAfterSeconds))
                .timeout(FAIL_OPEN_AFTER, Mono.just(Decision.ALLOWED));
    }
}
