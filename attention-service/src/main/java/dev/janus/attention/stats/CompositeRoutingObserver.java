package dev.janus.attention.stats;

import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;
import java.util.List;

/**
 * Hands each routing decision to several observers, in order (statistics, then the trace). The
 * engine's observer is always one of these, also for a single one, so that it is the one bean of
 * its type (the statistics and the trace writer are RoutingObservers too).
 */
public record CompositeRoutingObserver(List<MoeLayer.RoutingObserver> observers) implements MoeLayer.RoutingObserver {

    public CompositeRoutingObserver {
        observers = List.copyOf(observers);
    }

    @Override
    public void onRouting(int layer, RoutingDecision routing) {
        for (MoeLayer.RoutingObserver o : observers) {
            o.onRouting(layer, routing);
        }
    }
}
