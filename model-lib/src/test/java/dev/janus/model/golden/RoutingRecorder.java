package dev.janus.model.golden;

import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.util.HashMap;
import java.util.Map;

/** Keeps a copy of the first routing decision seen per layer. */
final class RoutingRecorder implements MoeLayer.RoutingObserver {

    private final Map<Integer, RoutingDecision> first = new HashMap<>();

    @Override
    public void onRouting(int layer, RoutingDecision routing) {
        if (first.containsKey(layer)) {
            return;
        }
        RoutingDecision copy = new RoutingDecision();
        copy.reset(routing.tokens(), routing.topK());
        for (int t = 0; t < routing.tokens(); t++) {
            for (int s = 0; s < routing.topK(); s++) {
                copy.set(t, s, routing.expert(t, s), routing.weight(t, s));
            }
        }
        first.put(layer, copy);
    }

    RoutingDecision first(int layer) {
        return first.get(layer);
    }
}
