package dev.janus.gateway.balance;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attention-service instance as the gateway sees it: where it is, how many requests it is
 * serving through this gateway right now, and its circuit breaker.
 */
public final class AttentionInstance {

    private final URI uri;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();

    AttentionInstance(URI uri, CircuitBreaker breaker) {
        this.uri = uri;
        this.breaker = breaker;
    }

    public URI uri() {
        return uri;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return uri + " (in flight " + inFlight + ", " + breaker.getState() + ")";
    }
}
