package dev.janus.benchmarks.e2e;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.ModelWeights;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * MoE instances of a split deployment inside one JVM, for benchmarks: one gRPC server per
 * instance on a loopback port, and a plaintext channel to each (index = instance id), ready for
 * {@code GrpcExpertTransport}. Closing shuts servers and channels down.
 */
public final class LoopbackExpertServers implements AutoCloseable {

    /**
     * gRPC's default 4 MiB inbound limit is exceeded by a prefill of a few hundred tokens at
     * hidden 1024 (the answer carries top-k fp32 rows per token); loopback has no reason to cap.
     */
    static final int MAX_MESSAGE_BYTES = 256 << 20;

    private final List<Server> servers;
    private final List<ManagedChannel> channels;

    private LoopbackExpertServers(List<Server> servers, List<ManagedChannel> channels) {
        this.servers = servers;
        this.channels = channels;
    }

    /** The expert service of one MoE instance: an {@link ExpertWorker} computing on {@code pool}. */
    public static ExpertStreamService expertService(ModelWeights weights, PlacementEpoch placement,
                                                    ComputePool pool) {
        return new ExpertStreamService(ExpertWorker.serving(placement, weights, new VectorMatmulKernel(pool)));
    }

    /** Starts one server per service, instance i serving {@code services.get(i)}. */
    public static LoopbackExpertServers start(List<? extends BindableService> services) {
        List<Server> servers = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        LoopbackExpertServers started = new LoopbackExpertServers(servers, channels);
        try {
            for (BindableService service : services) {
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .maxInboundMessageSize(MAX_MESSAGE_BYTES).addService(service).build().start();
                servers.add(server);
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                        .maxInboundMessageSize(MAX_MESSAGE_BYTES).build());
            }
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException(e);
        }
        return started;
    }

    /** One channel per instance, in instance order. */
    public List<ManagedChannel> channels() {
        return channels;
    }

    @Override
    public void close() {
        for (Server s : servers) {
            s.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
    }
}
