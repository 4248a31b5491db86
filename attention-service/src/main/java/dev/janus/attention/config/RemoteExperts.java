package dev.janus.attention.config;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.grpc.Channels;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.metrics.CommObserver;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.twophase.CommStats;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.ExpertExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The attention side of split mode: AEBS (or the configured policy) maps logical to physical
 * experts under the placement epoch, RemoteExpertExecutor sends each MoE instance its rows over
 * one gRPC stream, with a per-step deadline and failover to other replicas. With several
 * attention instances on a node ({@link NodeProperties}) each layer step goes direct or through
 * the node's aggregator (two-phase), as the cost model chooses.
 *
 * <p>The placement lives in one {@link CurrentPlacement}: each layer step acquires it once (the
 * planner), and the executor splits, fails over and labels the wire with that epoch, then
 * releases it. placement-service commits new epochs into it (PlacementController).
 */
public final class RemoteExperts implements AutoCloseable {

    private final CurrentPlacement placement;
    private final int targets;
    private final GrpcExpertTransport transport;
    private final @Nullable TwoPhaseNode node;
    private final CommStats stats = new CommStats();
    private final DispatchPlanner planner;
    private final ExpertExecutor executor;

    /**
     * @param observer sees every batch, answer and wait of the dispatch (metrics)
     * @param tls      plaintext or TLS on every gRPC link ({@code moe.grpc.tls})
     */
    public RemoteExperts(PlacementEpoch start, ExpertsProperties experts, NodeProperties node, int hiddenSize, int topK,
                         CommObserver observer, GrpcTls tls) {
        this.targets = experts.targets().size();
        checkFits(start);
        this.placement = new CurrentPlacement(start);
        this.transport = new GrpcExpertTransport(experts.targets().stream()
                .map(target -> Channels.forTarget(target, tls)).toList());
        this.node = node.twoPhase()
                ? TwoPhaseNode.start(node, experts.targets(), transport, hiddenSize, topK, stats, tls) : null;
        ExpertTransport link = this.node == null ? transport : this.node.transport();
        this.planner = new ScheduledDispatchPlanner(
                SchedulingPolicy.fromName(experts.scheduler()).create(experts.schedulerOptions()), placement);
        this.executor = new RemoteExpertExecutor(placement, link, hiddenSize, experts.deadline(), ReplicaFinder.REPLICAS,
                new InstanceHealth(targets, experts.quarantine()), observer);
    }

    /** An epoch may use at most the MoE instances this attention instance has streams to. */
    public void checkFits(PlacementEpoch epoch) {
        if (epoch.instances() > targets) {
            throw new IllegalArgumentException("placement epoch " + epoch.version() + " uses " + epoch.instances()
                    + " MoE instances but moe.experts.targets lists " + targets);
        }
    }

    public CurrentPlacement placement() {
        return placement;
    }

    public DispatchPlanner planner() {
        return planner;
    }

    public ExpertExecutor executor() {
        return executor;
    }

    /** Messages and bytes per communication mode (direct, phase 1, phase 2) this instance sent. */
    public CommStats commStats() {
        return stats;
    }

    /** Two-phase member 0: the port its node aggregator listens on; -1 otherwise. */
    public int aggregatorPort() {
        return node == null ? -1 : node.aggregatorPort();
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        transport.close();
    }
}
