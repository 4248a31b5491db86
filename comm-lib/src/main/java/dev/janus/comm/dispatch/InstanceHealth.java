package dev.janus.comm.dispatch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Which MoE instances failed recently. An instance that failed a step is treated as down for a
 * quarantine period: steps route its rows to other replicas up front instead of paying a
 * failure (or a deadline) every step. After the period it is tried again.
 */
public final class InstanceHealth {

    private final AtomicLongArray downUntil;
    private final long quarantineNanos;
    private final LongSupplier clock;

    public InstanceHealth(int instances, Duration quarantine) {
        this(instances, quarantine, System::nanoTime);
    }

    InstanceHealth(int instances, Duration quarantine, LongSupplier clock) {
        this.downUntil = new AtomicLongArray(instances);
        this.quarantineNanos = quarantine.toNanos();
        this.clock = clock;
    }

    public void markDown(int instance) {
        downUntil.set(instance, clock.getAsLong() + quarantineNanos);
    }

    public boolean isDown(int instance) {
        long until = downUntil.get(instance);
        return until != 0 && clock.getAsLong() - until < 0;
    }

    public boolean anyDown() {
        for (int i = 0; i < downUntil.length(); i++) {
            if (isDown(i)) {
                return true;
            }
        }
        return false;
    }
}
