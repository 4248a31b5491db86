package dev.janus.comm.placement;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one holder of a process's current {@link PlacementEpoch} (DESIGN.md §10, "one epoch per
 * step"). A layer step {@link #acquire acquires} the epoch once: the scheduler, the splitter,
 * failover and the version on the wire all use that object, and the step {@link #release
 * releases} it when its answers are in. {@link #commit} switches to a new epoch at the next
 * acquire (a step boundary); {@link #awaitUnused} then tells when no step uses the old one any
 * more, so placement-service may release its replicas on the MoE instances.
 *
 * <p>Acquire and commit share one lock, so a step can never acquire an epoch after the commit
 * that replaced it has seen it unused. A layer step takes the lock twice (acquire, release):
 * uncontended, tens of nanoseconds against a step of at least tens of microseconds.
 */
public final class CurrentPlacement {

    private final Map<Long, Integer> inFlight = new HashMap<>(); // guarded by this: steps per version
    private final CopyOnWriteArrayList<Consumer<PlacementEpoch>> listeners = new CopyOnWriteArrayList<>();
    private volatile PlacementEpoch current;

    public CurrentPlacement(PlacementEpoch initial) {
        this.current = Objects.requireNonNull(initial, "initial epoch");
    }

    /** The current epoch, without taking part in step accounting (for reading, not for a step). */
    public PlacementEpoch get() {
        return current;
    }

    /** The epoch a layer step runs under; pair with {@link #release}. */
    public synchronized PlacementEpoch acquire() {
        PlacementEpoch e = current;
        inFlight.merge(e.version(), 1, Integer::sum);
        return e;
    }

    /** The step that acquired {@code epoch} is over. */
    public synchronized void release(PlacementEpoch epoch) {
        Integer n = inFlight.get(epoch.version());
        if (n == null) {
            return;
        }
        if (n <= 1) {
            inFlight.remove(epoch.version());
            notifyAll();
        } else {
            inFlight.put(epoch.version(), n - 1);
        }
    }

    /**
     * Makes {@code next} current for every later step; steps already running finish under their
     * epoch. Committing the current version again is a no-op (placement-service re-publishes).
     *
     * @return the epoch it replaced (or {@code next} itself when it was already current)
     * @throws IllegalArgumentException when {@code next} does not fit the model (other layer or
     *     expert count), or reuses the current version for another placement
     */
    public PlacementEpoch commit(PlacementEpoch next) {
        PlacementEpoch previous;
        synchronized (this) {
            previous = current;
            checkSameModel(next, previous);
            if (next.version() == previous.version()) {
                if (!next.samePlacement(previous)) {
                    throw new IllegalArgumentException("epoch version " + next.version()
                            + " is current with another placement; a new placement needs a new version");
                }
                return previous;
            }
            current = next;
        }
        committed(next);
        return previous;
    }

    /**
     * Commits {@code next} only when its version is above the current one: for an epoch read
     * while placement-service may be committing a later one here at the same time (versions only
     * grow, DESIGN.md §10), so a slow read can never take a process back.
     *
     * @return whether {@code next} became current
     */
    public boolean commitIfNewer(PlacementEpoch next) {
        synchronized (this) {
            if (next.version() <= current.version()) {
                return false;
            }
            checkSameModel(next, current);
            current = next;
        }
        committed(next);
        return true;
    }

    private static void checkSameModel(PlacementEpoch next, PlacementEpoch previous) {
        if (next.layers() != previous.layers() || next.logicalExperts() != previous.logicalExperts()) {
            throw new IllegalArgumentException("epoch " + next.version() + " places " + next.logicalExperts()
                    + " experts in " + next.layers() + " layers; this model has " + previous.logicalExperts()
                    + " experts in " + previous.layers() + " layers");
        }
    }

    private void committed(PlacementEpoch next) {
        for (Consumer<PlacementEpoch> listener : listeners) {
            listener.accept(next);
        }
    }

    /** Waits until no step runs under {@code version} and it is not current; false on timeout. */
    public synchronized boolean awaitUnused(long version, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (current.version() == version || inFlight.containsKey(version)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Layer steps running now under {@code version}. */
    public synchronized int stepsInFlight(long version) {
        return inFlight.getOrDefault(version, 0);
    }

    /** Called after every commit that changed the epoch (metrics, logs). */
    public void onCommit(Consumer<PlacementEpoch> listener) {
        listeners.add(listener);
    }
}
