package dev.janus.model.moe;

/**
 * Maps each token's logical experts to physical replicas. In one process with one copy of each
 * expert this is the identity ({@link IdentityDispatchPlanner}); the activation scheduler (AEBS,
 * comm-lib) implements it for replicated placements.
 */
public interface DispatchPlanner {

    void plan(int layer, RoutingDecision routing, DispatchPlan out);
}
