package dev.janus.expert.experts;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.model.Model;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.weights.WeightMemory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This MoE instance's experts under every placement epoch it serves (DESIGN.md §10): preparing
 * an epoch memory-maps only the experts that epoch places here
 * ({@link Model#load(Path, java.util.function.BiPredicate)}; the page cache is shared, so an
 * expert hosted in two epochs is read from disk once), releasing it unmaps them. One
 * {@link ExpertWorker} runs the batches of every stream under the epoch each batch names.
 */
public final class HostedExperts implements AutoCloseable {

    private final int instance;
    private final Path dir;
    private final WeightMemory memory;
    private final int layers;
    private final int experts;
    private final ExpertWorker worker;
    private final Map<Long, Integer> hostedPerVersion = new ConcurrentHashMap<>();
    private volatile long latest;
    private volatile boolean closed;

    /**
     * @param layers, experts the model's shape: every epoch must place exactly these
     * @param executors       runs an epoch's experts (the CPU kernel, or the cuda backend's grouped FFN)
     */
    public HostedExperts(int instance, Path dir, WeightMemory memory, int layers, int experts,
                         ExpertExecutor.Factory executors) {
        this.instance = instance;
        this.dir = dir;
        this.memory = memory;
        this.layers = layers;
        this.experts = experts;
        this.worker = new ExpertWorker(executors);
    }

    /**
     * Maps the experts {@code epoch} places on this instance and serves the epoch from now on;
     * idempotent for a version already prepared with the same placement.
     *
     * @return physical experts (replicas) hosted here under {@code epoch}, over all layers
     * @throws IllegalArgumentException when the version is prepared with another placement
     */
    public synchronized int prepare(PlacementEpoch epoch) {
        if (closed) {
            throw new IllegalStateException("MoE instance " + instance + " is shutting down");
        }
        if (epoch.layers() != layers || epoch.logicalExperts() != experts) {
            throw new IllegalArgumentException("placement epoch " + epoch.version() + " places " + epoch.logicalExperts()
                    + " experts in " + epoch.layers() + " layers; the model has " + experts + " experts in " + layers + " layers");
        }
        PlacementEpoch existing = worker.epoch(epoch.version());
        if (existing == null || !existing.samePlacement(epoch)) {
            Model model = Model.load(dir, (layer, logical) -> epoch.hosts(instance, layer, logical), memory);
            try {
                worker.prepare(epoch, model.weights(), model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
        int hosted = instance < epoch.instances() ? epoch.hostedBy(instance) : 0;
        hostedPerVersion.put(epoch.version(), hosted);
        latest = Math.max(latest, epoch.version());
        return hosted;
    }

    /** Stops serving a version and unmaps its experts; false when it was not served. */
    public boolean release(long version) {
        hostedPerVersion.remove(version);
        return worker.release(version);
    }

    public long[] versions() {
        return worker.versions();
    }

    public ExpertWorker worker() {
        return worker;
    }

    public int instance() {
        return instance;
    }

    /** The highest version served now. */
    public long latestVersion() {
        return latest;
    }

    /** Physical experts hosted under the highest version served. */
    public int hostedPhysicalExperts() {
        return hostedPerVersion.getOrDefault(latest, 0);
    }

    public boolean isLoaded() {
        return !closed && worker.versions().length > 0;
    }

    /** Unmaps every epoch's weights, each after the batch running under it (if any). */
    @Override
    public synchronized void close() {
        closed = true;
        for (long version : worker.versions()) {
            worker.release(version);
        }
    }
}
