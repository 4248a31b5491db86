package dev.janus.attention.config;

import dev.janus.comm.dispatch.BatchSplitter;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.ExpertExecutor;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The attention side of split mode: AEBS (or the configured policy) maps logical to physical
 * experts under the placement epoch, RemoteExpertExecutor sends each MoE instance its rows over
 * one gRPC stream, with a per-step deadline and failover to other replicas.
 */
public final class RemoteExperts implements AutoCloseable {

    private final PlacementEpoch epoch;
    private final GrpcExpertTransport transport;
    private final DispatchPlanner planner;
    private final ExpertExecutor executor;

    public RemoteExperts(PlacementEpoch epoch, ExpertsProperties experts, int hiddenSize) {
        if (experts.targets().size() != epoch.instances()) {
            throw new IllegalArgumentException("moe.experts.targets lists " + experts.targets().size()
                    + " MoE instances but moe.placement.instances is " + epoch.instances());
        }
        this.epoch = epoch;
        List<ManagedChannel> channels = new ArrayList<>();
        for (String target : experts.targets()) {
            channels.add(NettyChannelBuilder.forTarget(target).usePlaintext().build());
        }
        this.transport = new GrpcExpertTransport(channels);
        this.planner = new ScheduledDispatchPlanner(SchedulingPolicy.fromName(experts.scheduler()).create(), () -> epoch);
        this.executor = new RemoteExpertExecutor(new BatchSplitter((layer, p) -> epoch.instanceOf(p), epoch.instances()),
                transport, hiddenSize, epoch::version, experts.deadline(), ReplicaFinder.of(() -> epoch),
                new InstanceHealth(epoch.instances(), experts.quarantine()));
    }

    public PlacementEpoch epoch() {
        return epoch;
    }

    public DispatchPlanner planner() {
        return planner;
    }

    public ExpertExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        transport.close();
    }
}
