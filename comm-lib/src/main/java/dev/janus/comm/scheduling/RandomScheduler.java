package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;

/**
 * {@code random}: a uniformly random replica per (token, slot), like SGLang's dynamic dispatch.
 * The draw is a stateless hash of (seed, layer, token, slot) rather than a generator stream, so
 * the plan is a pure function of its input and every attention instance agrees on it.
 */
final class RandomScheduler implements ActivationScheduler {

    private final long seed;

    RandomScheduler(long seed) {
        this.seed = seed;
    }

    @Override
    public void schedule(RoutingDecision routing, PlacementEpoch epoch, int layer, DispatchPlan out) {
        LayerPlacement placement = epoch.layer(layer);
        int tokens = routing.tokens();
        int k = routing.topK();
        out.reset(tokens, k, placement.physicalExperts());
        long layerSeed = mix(seed + 0x9E3779B97F4A7C15L * (layer + 1));
        for (int t = 0, row = 0; t < tokens; t++) {
            for (int s = 0; s < k; s++, row++) {
                int e = routing.expert(t, s);
                int replicas = placement.replicaCount(e);
                int pick = 0;
                if (replicas > 1) {
                    long h = mix(layerSeed ^ (0xD1B54A32D192ED03L * (row + 1)));
                    pick = (int) (((h >>> 32) * replicas) >>> 32); // Lemire's multiply-shift range reduction
                }
                out.setPhysical(row, placement.replica(e, pick));
            }
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public SchedulingPolicy policy() {
        return SchedulingPolicy.RANDOM;
    }
}
