package dev.janus.benchmarks.e2e;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.model.model.Model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The live switch of issue 11 §4 inside one JVM, timed: {@link #apply} prepares the new epoch on
 * every MoE instance the way expert-service's {@code HostedExperts} does (memory-map only the
 * experts the epoch places there), commits it on the attention side's {@link CurrentPlacement},
 * waits until no step uses the old epoch and releases the old epoch on every instance. Called
 * between decode steps by the engine's thread, so the wait returns at once; the instances are
 * prepared one after another (placement-service prepares them in parallel, one process each).
 */
final class LiveEpochSwitch {

    /** One apply's phases in nanoseconds: prepare on all instances, commit + await unused, release on all. */
    record Timing(long prepare, long commit, long release) {
        long total() {
            return prepare + commit + release;
        }
    }

    private final Path model;
    private final ExpertWorker[] workers;
    private final CurrentPlacement current;
    private long version;

    /** Prepares {@code initial} (as version 1) on every worker; the attention side starts on it. */
    LiveEpochSwitch(Path model, ExpertWorker[] workers, Placement initial) {
        this.model = model;
        this.workers = workers;
        PlacementEpoch first = initial.toEpoch(++version);
        prepareAll(first);
        this.current = new CurrentPlacement(first);
    }

    CurrentPlacement current() {
        return current;
    }

    /** Rolls {@code next} out as a new version: prepare, commit, await unused, release. */
    Timing apply(Placement next) {
        PlacementEpoch epoch = next.toEpoch(++version);
        long start = System.nanoTime();
        prepareAll(epoch);
        long prepared = System.nanoTime();
        PlacementEpoch previous = current.commit(epoch);
        try {
            if (!current.awaitUnused(previous.version(), Duration.ofSeconds(60))) {
                throw new IllegalStateException("epoch " + previous.version() + " still in use after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long committed = System.nanoTime();
        for (ExpertWorker w : workers) {
            w.release(previous.version());
        }
        return new Timing(prepared - start, committed - prepared, System.nanoTime() - committed);
    }

    private void prepareAll(PlacementEpoch epoch) {
        for (int i = 0; i < workers.length; i++) {
            int instance = i;
            Model hosted = Model.load(model, (layer, logical) -> epoch.hosts(instance, layer, logical));
            workers[i].prepare(epoch, hosted.weights(), hosted);
        }
    }

    /** Versions each instance serves now (one after every apply). */
    String served() {
        return Arrays.stream(workers).map(w -> Arrays.toString(w.versions())).toList().toString();
    }
}
