package dev.janus.comm.dispatch;

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

    public static BatchSplitter splitter() {
        return ReplicatedMixtral.splitter();
    }

    public static DispatchPlanner planner() {
        return new ReplicatedMixtral.SpreadOverReplicas();
    }
}
