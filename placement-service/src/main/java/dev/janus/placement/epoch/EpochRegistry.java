package dev.janus.placement.epoch;

import dev.janus.comm.placement.PlacementEpoch;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * placement-service's one holder of the current epoch (the highest persisted version) and its
 * history. Written only by a rollout (which serialises them) or by {@link EpochBootstrap} before
 * any epoch exists; read by everyone.
 */
@Component
public class EpochRegistry {

    private final EpochStore store;
    private final Clock clock;
    private final AtomicLong highestSeen = new AtomicLong();   // versions services reported
    private volatile PlacementEpoch current;

    public EpochRegistry(EpochStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.current = store.latest().orElse(null);
    }

    public Optional<PlacementEpoch> current() {
        return Optional.ofNullable(current);
    }

    /** The current epoch, or {@link NoEpochException} (no service has told us the model's shape yet). */
    public PlacementEpoch require() {
        PlacementEpoch e = current;
        if (e == null) {
            throw new NoEpochException();
        }
        return e;
    }

    /** Newest first. */
    public List<EpochRecord> history() {
        return store.history();
    }

    /** The epoch applied before the current one (by version), if any. */
    public Optional<PlacementEpoch> previous() {
        List<EpochRecord> history = store.history();
        return history.size() < 2 ? Optional.empty() : store.epoch(history.get(1).version());
    }

    /** A version no epoch has had: max known + 1 (known = persisted or reported by a service). */
    public long nextVersion() {
        PlacementEpoch e = current;
        return Math.max(e == null ? 0 : e.version(), highestSeen.get()) + 1;
    }

    /** A service reported serving {@code version}: never hand it out again. */
    public void noteSeen(long version) {
        highestSeen.accumulateAndGet(version, Math::max);
    }

    /** Persists {@code epoch} as the new current epoch. */
    public synchronized EpochRecord record(PlacementEpoch epoch, String source, String policy, String planId) {
        PlacementEpoch before = current;
        if (before != null && epoch.version() <= before.version()) {
            throw new IllegalStateException("epoch " + epoch.version() + " is not newer than " + before.version());
        }
        EpochRecord record = new EpochRecord(epoch.version(), clock.instant(), source, policy, planId);
        store.insert(record, epoch);
        current = epoch;
        noteSeen(epoch.version());
        return record;
    }
}
