package dev.janus.comm.dispatch;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;

import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Where a row can go when its MoE instance is down: another replica of the same logical expert
 * on an instance that is up — the lowest physical id, so every attention instance picks the same.
 */
@FunctionalInterface
public interface ReplicaFinder {

    /** A physical replica of {@code physical}'s logical expert on an up instance, or -1. */
    int alternative(int layer, int physical, IntPredicate instanceDown);

    /** No replicas to fall back on. */
    ReplicaFinder NONE = (layer, physical, down) -> -1;

    /** Replicas of the current {@link PlacementEpoch}. */
    static ReplicaFinder of(Supplier<PlacementEpoch> epoch) {
        return (layer, physical, down) -> {
            LayerPlacement placement = epoch.get().layer(layer);
            int logical = placement.logicalOf(physical);
            for (int i = 0; i < placement.replicaCount(logical); i++) {
                int p = placement.replica(logical, i);
                if (p != physical && !down.test(placement.instanceOf(p))) {
                    return p;
                }
            }
            return -1;
        };
    }
}
