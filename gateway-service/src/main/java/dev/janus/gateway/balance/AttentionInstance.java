package dev.janus.gateway.balance;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attention-service instance as the gateway sees it: where it is, whether its readiness probe
 * last said it takes traffic ({@link ReadinessChecks}), how many requests it is serving through
 * this gateway right now and has served, and its circuit breaker.
 */
public final class AttentionInstance {

    private final URI uri;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private volatile boolean ready;

    AttentionInstance(URI uri, CircuitBreaker breaker, boolean ready) {
        this.uri = uri;
        this.breaker = breaker;
        this.ready = ready;
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

    /** Requests that ended with an answer below 500 from this instance. */
    public long served() {
        return served.get();
    }

    /** Ready to take new requests (its last readiness check passed, or checks are off). */
    public boolean ready() {
        return ready;
    }

    /** Records a readiness check's outcome; true when it changed. */
    boolean markReady(boolean now) {
        boolean before = ready;
        ready = now;
        return before != now;
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    void servedOne() {
        served.incrementAndGet();
    }

    @Override
    public String toString() {
        return uri + " (" + (ready ? "ready" : "not ready") + ", in flight " + inFlight + ", " + breaker.getState() + ")";
    }
}
