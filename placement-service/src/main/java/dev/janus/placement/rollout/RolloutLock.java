package dev.janus.placement.rollout;

import dev.janus.service.error.AdminException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One rollout at a time (applies, rollbacks, pin changes, automatic re-plans, the reconciler):
 * two interleaved prepare/commit sequences could leave attention-services on different epochs.
 * Re-entrant, so a pin change can plan and apply under one hold. Never waits: a caller that
 * finds it held gets 409 (or, for background jobs, nothing).
 */
@Component
public class RolloutLock {

    private final ReentrantLock lock = new ReentrantLock();

    public <T> T exclusively(Supplier<T> work) {
        return tryExclusively(work).orElseThrow(() -> AdminException.conflict("rollout_in_progress",
                "Another placement rollout is running; try again when it has finished."));
    }

    /** Runs {@code work} if the lock is free; empty (without running it) when another rollout holds it. */
    public <T> Optional<T> tryExclusively(Supplier<T> work) {
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            lock.unlock();
        }
    }
}
