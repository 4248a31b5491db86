package dev.janus.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.gateway.limit.KeyRateLimiter.Decision;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryKeyRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final InMemoryKeyRateLimiter limiter = new InMemoryKeyRateLimiter(2, 3, now::get);

    @Test
    void burstIsAcceptedThenRefusedWithRetryAfterUntilATokenReplenishes() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquireNow("a").allowed()).as("request %d of the burst", i).isTrue();
        }
        assertThat(limiter.acquireNow("a")).isEqualTo(new Decision(false, 1));

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400)); // 0.8 token at 2/s
        assertThat(limiter.acquireNow("a").allowed()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // 1.0 token
        assertThat(limiter.acquireNow("a").allowed()).isTrue();
        assertThat(limiter.acquireNow("a").allowed()).isFalse();
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.acquireNow("a");
        }
        assertThat(limiter.acquireNow("a").allowed()).isFalse();
        assertThat(limiter.acquireNow("b").allowed()).isTrue();
    }

    @Test
    void anIdleBucketRefillsOnlyUpToTheBurst() {
        now.addAndGet(TimeUnit.SECONDS.toNanos(3600));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquireNow("a").allowed()).isTrue();
        }
        assertThat(limiter.acquireNow("a").allowed()).isFalse();
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        InMemoryKeyRateLimiter slow = new InMemoryKeyRateLimiter(1, 1, now::get);
        assertThat(slow.acquireNow("k").allowed()).isTrue();
        assertThat(slow.acquireNow("k").retryAfterSeconds()).isEqualTo(1);
    }
}
