package dev.janus.comm.scaling;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;

/** Statistics of some layers only (the layers a routing pool replays), renumbered 0..n-1. */
final class LayerSubset {

    private LayerSubset() {
    }

    static ExpertLoad load(ExpertLoad load, int[] layers) {
        long[][] rows = new long[layers.length][];
        for (int i = 0; i < layers.length; i++) {
            rows[i] = load.layer(layers[i]);
        }
        return ExpertLoad.of(rows);
    }

    static CoActivation coActivation(CoActivation co, int[] layers) {
        int e = co.experts();
        if (!co.known()) {
            return CoActivation.none(layers.length, e);
        }
        long[] pairs = new long[layers.length * e * e];
        for (int i = 0; i < layers.length; i++) {
            for (int a = 0; a < e; a++) {
                for (int b = 0; b < e; b++) {
                    pairs[(i * e + a) * e + b] = co.count(layers[i], a, b);
                }
            }
        }
        return new CoActivation(layers.length, e, pairs);
    }
}
