package dev.janus.comm.dispatch;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;

import java.util.function.IntPredicate;

/**
 * Where a row can go when its MoE instance is down: another replica of the same logical expert
 * on an instance that is up, in the step's own epoch — the lowest physical id, so every attention
 * instance picks the same.
 */
@FunctionalInterface
public interface ReplicaFinder {

    /** A physical replica of {@code physical}'s logical expert on an up instance, or -1. */
    int alternative(PlacementEpoch epoch, int layer, int physical, IntPredicate instanceDown);

    /** No replicas to fall back on. */
    ReplicaFinder NONE = (epoch, layer, physical, down) -> -1;

    /** The epoch's other replicas. */
    ReplicaFinder REPLICAS = (epoch, layer, physical, down) -> {
        LayerPlacement placement = epoch.layer(layer);
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
