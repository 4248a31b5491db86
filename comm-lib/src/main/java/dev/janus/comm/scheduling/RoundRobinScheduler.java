package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;

/**
 * {@code round-robin}: the j-th row (in row order) that chose a logical expert goes to its
 * replica {@code j mod replicas}. Counters restart with every call, so the plan is a pure
 * function of the batch.
 */
final class RoundRobinScheduler implements ActivationScheduler {

    private final ThreadLocal<SchedulerScratch> scratch = ThreadLocal.withInitial(SchedulerScratch::new);

    @Override
    public void schedule(RoutingDecision routing, PlacementEpoch epoch, int layer, DispatchPlan out) {
        LayerPlacement placement = epoch.layer(layer);
        SchedulerScratch s = scratch.get();
        s.begin(placement.logicalExperts(), epoch.instances(), placement.physicalExperts());
        int[] counter = s.tokensOf; // [E] rows seen so far per logical expert, zero between calls
        int tokens = routing.tokens();
        int k = routing.topK();
        out.reset(tokens, k, placement.physicalExperts());
        for (int t = 0, row = 0; t < tokens; t++) {
            for (int j = 0; j < k; j++, row++) {
                int e = routing.expert(t, j);
                int replicas = placement.replicaCount(e);
                int pick = 0;
                if (replicas > 1) {
                    pick = counter[e]++ % replicas;
                }
                out.setPhysical(row, placement.replica(e, pick));
            }
        }
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < k; j++) {
                counter[routing.expert(t, j)] = 0;
            }
        }
        s.end();
    }

    @Override
    public SchedulingPolicy policy() {
        return SchedulingPolicy.ROUND_ROBIN;
    }
}
