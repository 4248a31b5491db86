package dev.janus.model.moe;

/** physical expert = logical expert: one copy of every expert, all local. */
public final class IdentityDispatchPlanner implements DispatchPlanner {

    private final int numExperts;

    public IdentityDispatchPlanner(int numExperts) {
        this.numExperts = numExperts;
    }

    @Override
    public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
        int k = routing.topK();
        out.reset(routing.tokens(), k, numExperts);
        out.setPlacement(null);
        for (int t = 0; t < routing.tokens(); t++) {
            for (int s = 0; s < k; s++) {
                out.setPhysical(t * k + s, routing.expert(t, s));
            }
        }
        out.group();
    }
}
