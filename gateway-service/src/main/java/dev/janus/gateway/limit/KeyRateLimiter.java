package dev.janus.gateway.limit;

import reactor.core.publisher.Mono;

/** A token bucket per client key: one request takes one token. */
public interface KeyRateLimiter {

    /** Takes a token for {@code key} if there is one. */
    Mono<Decision> tryAcquire(String key);

    /**
     * @param allowed           whether the request may proceed
     * @param retryAfterSeconds when refused, whole seconds until a token is expected (≥ 1)
     */
    record Decision(boolean allowed, long retryAfterSeconds) {

        public static final Decision ALLOWED = new Decision(true, 0);
    }
}
