package dev.janus.attention.scheduling;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN line that repeats at most once per interval, for failures that recur every step during
 * an outage; the next line says how many were left out meanwhile. Not thread-safe (one caller:
 * the scheduler thread).
 */
final class ThrottledLog {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastLogged;
    private boolean loggedOnce;
    private int suppressed;

    ThrottledLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    ThrottledLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Logs {@code format} (SLF4J placeholders) unless a line was logged within the interval. */
    boolean warn(Logger log, String format, Object... args) {
        long now = nanoClock.getAsLong();
        if (loggedOnce && now - lastLogged < intervalNanos) {
            suppressed++;
            return false;
        }
        if (suppressed > 0) {
            log.warn(format + " (and {} more like it since the last line)", append(args, suppressed));
        } else {
            log.warn(format, args);
        }
        loggedOnce = true;
        lastLogged = now;
        suppressed = 0;
        return true;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
