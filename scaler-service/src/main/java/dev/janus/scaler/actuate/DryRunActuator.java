package dev.janus.scaler.actuate;

import dev.janus.scaler.control.Sizes;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a decision and remembers the size as if it had been applied (the default: nothing starts
 * or stops). It starts from the configured initial sizes.
 */
public final class DryRunActuator implements Actuator {

    private static final Logger log = LoggerFactory.getLogger(DryRunActuator.class);

    private final AtomicReference<Sizes> current;

    public DryRunActuator(Sizes initial) {
        this.current = new AtomicReference<>(initial);
    }

    @Override
    public String name() {
        return "dry-run";
    }

    @Override
    public Sizes current() {
        return current.get();
    }

    @Override
    public String scale(Sizes target) {
        Sizes before = current.getAndSet(target);
        log.info("dry-run: would scale {} -> {}", before, target);
        return "dry-run: recorded " + before + " -> " + target + ", nothing started or stopped";
    }
}
