package dev.janus.expert.experts;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.Model;
import java.nio.file.Path;

/**
 * The physical experts this MoE instance hosts under one {@link PlacementEpoch}: only their
 * weights are memory-mapped ({@link Model#load(Path, java.util.function.BiPredicate)}), and one
 * {@link ExpertWorker} runs the batches of every stream.
 */
public final class HostedExperts implements AutoCloseable {

    private final int instance;
    private final PlacementEpoch epoch;
    private final Model model;
    private final ExpertWorker worker;
    private final int hosted;
    private volatile boolean closed;

    private HostedExperts(int instance, PlacementEpoch epoch, Model model, ExpertWorker worker, int hosted) {
        this.instance = instance;
        this.epoch = epoch;
        this.model = model;
        this.worker = worker;
        this.hosted = hosted;
    }

    /** Maps the experts that {@code epoch} places on {@code instance}, in every layer. */
    public static HostedExperts load(Path dir, PlacementEpoch epoch, int instance, MatmulKernel matmul) {
        if (instance >= epoch.instances()) {
            throw new IllegalArgumentException("moe.expert.instance-id " + instance + " must be below moe.placement.instances "
                    + epoch.instances());
        }
        Model model = Model.load(dir, (layer, logical) -> hosts(epoch.layer(layer), instance, logical));
        ExpertWorker worker = new ExpertWorker(model.weights(), (layer, p) -> epoch.layer(layer).logicalOf(p), matmul);
        int hosted = 0;
        for (int layer = 0; layer < epoch.layers(); layer++) {
            LayerPlacement placement = epoch.layer(layer);
            for (int p = 0; p < placement.physicalExperts(); p++) {
                if (placement.instanceOf(p) == instance && placement.logicalOf(p) != LayerPlacement.EMPTY) {
                    hosted++;
                }
            }
        }
        return new HostedExperts(instance, epoch, model, worker, hosted);
    }

    static boolean hosts(LayerPlacement placement, int instance, int logical) {
        for (int i = 0; i < placement.replicaCount(logical); i++) {
            if (placement.instanceOf(placement.replica(logical, i)) == instance) {
                return true;
            }
        }
        return false;
    }

    public ExpertWorker worker() {
        return worker;
    }

    public int instance() {
        return instance;
    }

    public PlacementEpoch epoch() {
        return epoch;
    }

    /** Physical experts (replicas) hosted here, summed over layers. */
    public int hostedPhysicalExperts() {
        return hosted;
    }

    public boolean isLoaded() {
        return !closed;
    }

    /**
     * Unmaps the weights. Holds the worker's lock (ExpertWorker.execute is synchronized), so a
     * batch still running finishes before its weights go away; later batches fail cleanly.
     */
    @Override
    public void close() {
        synchronized (worker) {
            closed = true;
            model.close();
        }
    }
}
