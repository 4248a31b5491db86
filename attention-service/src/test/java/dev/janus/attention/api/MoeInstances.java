package dev.janus.attention.api;

import dev.janus.attention.TinyModel;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.metrics.ExpertObserver;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * MoE instances of tiny-mixtral for attention-service's split-mode tests: comm-lib's
 * ExpertStreamService over the experts each instance hosts under the round-robin placement that
 * expert-service computes (expert-service's own tests run the real application).
 */
final class MoeInstances implements AutoCloseable {

    private final ComputePool pool = new ComputePool(1, "moe-instances");
    private final List<Model> hosts = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<ExpertWorker> workers = new ArrayList<>();

    MoeInstances(int instances, int redundantSlots) {
        this(instances, redundantSlots, i -> ExpertObserver.NONE, GrpcTls.plaintext());
    }

    MoeInstances(int instances, int redundantSlots, IntFunction<ExpertObserver> observers) {
        this(instances, redundantSlots, observers, GrpcTls.plaintext());
    }

    /**
     * @param observers what each instance's ExpertStreamService reports to, by instance id
     * @param tls       plaintext, or the servers' certificate (moe.grpc.tls of an expert-service)
     */
    MoeInstances(int instances, int redundantSlots, IntFunction<ExpertObserver> observers, GrpcTls tls) {
        int layers;
        int experts;
        try (Model probe = Model.load(TinyModel.DIR, (l, e) -> false)) {
            layers = probe.config().numLayers();
            experts = probe.config().numExperts();
        }
        PlacementEpoch epoch = PlacementEpoch.roundRobin(1, layers, experts, instances, redundantSlots, null);
        try {
            for (int i = 0; i < instances; i++) {
                int instance = i;
                Model host = Model.load(TinyModel.DIR, (layer, e) -> epoch.hosts(instance, layer, e));
                hosts.add(host);
                ExpertWorker worker = ExpertWorker.serving(epoch, host.weights(), new VectorMatmulKernel(pool));
                workers.add(worker);
                servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), tls.serverCredentials())
                        .addService(new ExpertStreamService(worker, observers.apply(i))).build().start());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** The value of moe.experts.targets. */
    String targets() {
        return servers.stream().map(s -> "127.0.0.1:" + s.getPort()).collect(Collectors.joining(","));
    }

    void stop(int instance) throws InterruptedException {
        servers.get(instance).shutdownNow().awaitTermination();
    }

    /** What expert-service's prepare does: every instance maps the experts {@code epoch} places on it. */
    void prepare(PlacementEpoch epoch) {
        for (int i = 0; i < workers.size(); i++) {
            int instance = i;
            Model host = Model.load(TinyModel.DIR, (layer, e) -> epoch.hosts(instance, layer, e));
            workers.get(i).prepare(epoch, host.weights(), host);
        }
    }

    /** What expert-service's release does. */
    void release(long version) {
        for (ExpertWorker w : workers) {
            w.release(version);
        }
    }

    /** The versions instance {@code i} serves. */
    long[] versions(int i) {
        return workers.get(i).versions();
    }

    @Override
    public void close() {
        for (Server s : servers) {
            s.shutdownNow();
        }
        for (Model m : hosts) {
            m.close();
        }
        pool.close();
    }
}
