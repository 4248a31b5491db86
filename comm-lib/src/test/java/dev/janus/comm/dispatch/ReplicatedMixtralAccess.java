package dev.janus.comm.dispatch;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.moe.DispatchPlanner;

import java.util.Map;

/** Opens {@link ReplicatedMixtral} for tests of other packages. */
public final class ReplicatedMixtralAccess {

    private ReplicatedMixtralAccess() {
    }

    public static ReplicatedMixtral open(MatmulKernel kernel) {
        return new ReplicatedMixtral(kernel);
    }

    public static Map<Integer, ExpertWorker> workers(ReplicatedMixtral cluster) {
        return cluster.workers;
    }

    public static CurrentPlacement placement(ReplicatedMixtral cluster) {
        return cluster.placement;
    }

    public static DispatchPlanner planner(ReplicatedMixtral cluster) {
        return new ReplicatedMixtral.SpreadOverReplicas(cluster.placement);
    }
}
