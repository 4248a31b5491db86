package dev.janus.gateway.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this JVM, for a single gateway or when no Redis is configured. Same semantics
 * as Spring Cloud Gateway's Redis script: {@code burst} capacity, {@code replenishPerSecond}
 * tokens added per second, one token per request.
 */
public final class InMemoryKeyRateLimiter implements KeyRateLimiter {

    /** Beyond this many keys, full (idle) buckets are dropped: a full bucket equals a new one. */
    private static final int SWEEP_ABOVE = 10_000;

    private final double replenishPerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public InMemoryKeyRateLimiter(int replenishPerSecond, int burst, LongSupplier nanoClock) {
        this.replenishPerNano = replenishPerSecond / (double) TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    @Override
    public Mono<Decision> tryAcquire(String key) {
        return Mono.fromSupplier(() -> acquireNow(key));
    }

    Decision acquireNow(String key) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now);
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt;

        Bucket(long now) {
            this.refilledAt = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Decision.ALLOWED;
            }
            double waitNanos = (1 - tokens) / replenishPerNano;
            long seconds = (long) Math.ceil(waitNanos / TimeUnit.SECONDS.toNanos(1));
            return new Decision(false, Math.max(1, seconds));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * replenishPerNano);
            refilledAt = now;
        }
    }
}
