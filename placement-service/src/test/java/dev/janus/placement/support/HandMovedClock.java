package dev.janus.placement.support;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * {@code @Import(HandMovedClock.class)}: the service's {@link java.time.Clock} is a {@link TestClock}
 * at {@link #START}, one per context, that the test moves ({@code @Autowired TestClock clock}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class HandMovedClock {

    public static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    @Bean
    @Primary
    TestClock handMovedClock() {
        return new TestClock(START);
    }
}
