package dev.janus.attention.config;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.grpc.Channels;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.grpc.GrpcNodeAggregator;
import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.grpc.NodeAggregationService;
import dev.janus.comm.twophase.AdaptiveTransport;
import dev.janus.comm.twophase.CommMode;
import dev.janus.comm.twophase.CommStats;
import dev.janus.comm.twophase.CommunicationCostModel;
import dev.janus.comm.twophase.ModePolicy;
import dev.janus.comm.twophase.NodeAggregator;
import dev.janus.comm.twophase.StepAggregator;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * This attention instance's part in adaptive two-phase communication (paper §3.2). Member 0 of
 * the node runs the {@link NodeAggregator} with its own phase-2 streams to every MoE instance and
 * serves it to the other members over gRPC ({@code NodeAggregatorService}); the other members
 * reach it with a {@link GrpcNodeAggregator}. Every member wraps its direct transport in an
 * {@link AdaptiveTransport} that picks direct or two-phase per layer step. Every link and the
 * aggregator's server use TLS when {@code moe.grpc.tls.enabled} ({@link GrpcTls}).
 */
final class TwoPhaseNode implements AutoCloseable {

    /** Before calibration: loopback-gRPC-like inter-node constants (α 50 µs, 10 GB/s). */
    private static final double ESTIMATED_ALPHA_NANOS = 50_000;
    private static final double ESTIMATED_BETA_NANOS_PER_BYTE = 0.1;

    private final ExpertTransport transport;
    private final @Nullable Server server;
    private final Runnable closeLink;

    private TwoPhaseNode(NodeProperties node, ExpertTransport direct, StepAggregator aggregator, ModePolicy policy,
                         CommStats stats, @Nullable Server server, Runnable closeLink) {
        this.transport = new AdaptiveTransport(node.member(), aggregator, direct, policy, stats);
        this.server = server;
        this.closeLink = closeLink;
    }

    /**
     * @param targets the MoE instances' {@code host:port} (member 0 opens its own phase-2 streams)
     * @param direct  this member's direct transport (also timed by the adaptive mode's calibration)
     * @param tls     plaintext or TLS, for the aggregator's server and every channel
     */
    static TwoPhaseNode start(NodeProperties node, List<String> targets, ExpertTransport direct, int hiddenSize,
                              int topK, CommStats stats, GrpcTls tls) {
        ModePolicy policy = policy(node, direct, hiddenSize, topK);
        if (!node.hostsAggregator()) {
            ManagedChannel channel = Channels.forTarget(node.aggregator(), tls);
            GrpcNodeAggregator remote = new GrpcNodeAggregator(channel, node.members(), Duration.ofSeconds(5));
            return new TwoPhaseNode(node, direct, remote, policy, stats, null, remote::close);
        }
        GrpcExpertTransport phase2 = new GrpcExpertTransport(targets.stream()
                .map(target -> Channels.forTarget(target, tls)).toList());
        NodeAggregator aggregator = new NodeAggregator(phase2, node.members(), node.aggregationTimeout(),
                node.activeWindow(), stats);
        try {
            InetSocketAddress address = node.aggregatorHost().isBlank() ? new InetSocketAddress(node.aggregatorPort())
                    : new InetSocketAddress(node.aggregatorHost(), node.aggregatorPort());
            Server server = NettyServerBuilder.forAddress(address, tls.serverCredentials())
                    .maxInboundMessageSize(Channels.MAX_MESSAGE_BYTES).addService(new NodeAggregationService(aggregator))
                    .build().start();
            return new TwoPhaseNode(node, direct, aggregator, policy, stats, server, phase2::close);
        } catch (IOException e) {
            phase2.close();
            throw new UncheckedIOException("node aggregator: cannot listen on " + address(node)
                    + " (moe.node.aggregator-host, moe.node.aggregator-port)", e);
        }
    }

    private static String address(NodeProperties node) {
        return (node.aggregatorHost().isBlank() ? "*" : node.aggregatorHost()) + ":" + node.aggregatorPort();
    }

    private static ModePolicy policy(NodeProperties node, ExpertTransport direct, int hiddenSize, int topK) {
        double nodeAlpha = node.nodeAlpha().toNanos();
        double nodeBeta = 1e9 / node.nodeBytesPerSecond();
        return switch (node.mode()) {
            case DIRECT -> ModePolicy.always(CommMode.DIRECT);
            case TWO_PHASE -> ModePolicy.always(CommMode.TWO_PHASE);
            case ADAPTIVE -> new CalibratedModePolicy(
                    new CommunicationCostModel(ESTIMATED_ALPHA_NANOS, ESTIMATED_BETA_NANOS_PER_BYTE, nodeAlpha, nodeBeta),
                    () -> CommunicationCostModel.calibrate(direct, 0, hiddenSize, topK, 21, nodeAlpha, nodeBeta));
        };
    }

    /** The transport the dispatch uses: direct or two-phase, per layer step. */
    ExpertTransport transport() {
        return transport;
    }

    /** Member 0: the port the aggregator listens on; -1 on the other members. */
    int aggregatorPort() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            }
        }
        closeLink.run();
    }
}
