package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;

/** {@code static}: every token goes to its expert's lowest physical id (SGLang's static dispatch). */
final class StaticScheduler implements ActivationScheduler {

    @Override
    public void schedule(RoutingDecision routing, PlacementEpoch epoch, int layer, DispatchPlan out) {
        LayerPlacement placement = epoch.layer(layer);
        int tokens = routing.tokens();
        int k = routing.topK();
        out.reset(tokens, k, placement.physicalExperts());
        // one flat row loop, not token / slot loops (AebsScheduler#markActivated says why)
        for (int row = 0, rows = tokens * k; row < rows; row++) {
            out.setPhysical(row, placement.replica(routing.expertOfRow(row), 0));
        }
    }

    @Override
    public SchedulingPolicy policy() {
        return SchedulingPolicy.STATIC;
    }
}
