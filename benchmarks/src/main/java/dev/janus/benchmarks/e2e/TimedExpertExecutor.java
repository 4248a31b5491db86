package dev.janus.benchmarks.e2e;

import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;

/**
 * Runs a layer's experts through the remote executor and books what the call cost to the current
 * {@link PolicyTally}: its wall time, the slowest instance's serving wall time and CPU time (the
 * CPU time is what the layer would wait for if every instance had its own core) and the CPU time
 * summed over instances (the work itself). Synchronous calls only (one micro-batch), so the
 * deltas belong to this call alone.
 */
final class TimedExpertExecutor implements ExpertExecutor {

    private final ExpertExecutor remote;
    private final InstanceBusyTime busy;
    private final SwitchingPlanner planner;
    private final long[] cpuBefore;
    private final long[] cpuAfter;
    private final long[] wallBefore;
    private final long[] wallAfter;

    TimedExpertExecutor(ExpertExecutor remote, InstanceBusyTime busy, SwitchingPlanner planner) {
        this.remote = remote;
        this.busy = busy;
        this.planner = planner;
        this.cpuBefore = new long[busy.instances()];
        this.cpuAfter = new long[busy.instances()];
        this.wallBefore = new long[busy.instances()];
        this.wallAfter = new long[busy.instances()];
    }

    @Override
    public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        busy.read(cpuBefore, wallBefore);
        long start = System.nanoTime();
        remote.execute(layer, plan, x, out);
        long wall = System.nanoTime() - start;
        busy.read(cpuAfter, wallAfter);
        PolicyTally tally = planner.tally();
        if (tally != null) {
            long slowest = 0;
            long all = 0;
            long slowestWall = 0;
            for (int i = 0; i < cpuBefore.length; i++) {
                long d = cpuAfter[i] - cpuBefore[i];
                slowest = Math.max(slowest, d);
                all += d;
                slowestWall = Math.max(slowestWall, wallAfter[i] - wallBefore[i]);
            }
            tally.addExpertCall(wall, slowestWall, slowest, all);
        }
    }
}
