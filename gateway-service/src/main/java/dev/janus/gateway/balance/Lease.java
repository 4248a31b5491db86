package dev.janus.gateway.balance;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's hold on an attention instance: counts as in flight until closed, and reports
 * the outcome to the instance's breaker exactly once.
 */
public final class Lease {

    private final AttentionInstance instance;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(AttentionInstance instance) {
        this.instance = instance;
        instance.begin();
    }

    public AttentionInstance instance() {
        return instance;
    }

    /** The call finished normally (any status below 500). */
    public void succeeded() {
        if (closed.compareAndSet(false, true)) {
            instance.breaker().onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            instance.servedOne();
            instance.end();
        }
    }

    /** The call failed: connection refused, timeout, or a 5xx from the instance. */
    public void failed(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            instance.breaker().onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, cause);
            instance.end();
        }
    }

    /** The call ended without an outcome (client went away, or the gateway refused it). */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            instance.breaker().releasePermission();
            instance.end();
        }
    }
}
