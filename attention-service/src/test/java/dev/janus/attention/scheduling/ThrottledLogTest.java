package dev.janus.attention.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ThrottledLogTest {

    @Test
    void logsOncePerIntervalAndCountsWhatItLeftOut() {
        AtomicLong now = new AtomicLong();
        ThrottledLog throttled = new ThrottledLog(Duration.ofSeconds(10), now::get);
        Logger log = mock(Logger.class);

        assertThat(throttled.warn(log, "instance {} failed", 1)).isTrue();
        verify(log).warn("instance {} failed", new Object[] {1});
        for (int i = 0; i < 500; i++) {
            now.addAndGet(Duration.ofMillis(10).toNanos());
            assertThat(throttled.warn(log, "instance {} failed", 1)).as("within 10 s of the last line").isFalse();
        }
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(throttled.warn(log, "instance {} failed", 1)).isTrue();
        verify(log).warn(eq("instance {} failed (and {} more like it since the last line)"), any(Object[].class));
    }
}
