package dev.janus.attention.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges over the statistics window, per layer (bounded cardinality): activations (tokens × k)
 * and the hottest expert's share relative to the mean (1 = balanced; what replication and the
 * activation scheduler work against). Per expert only when a layer has at most
 * {@value #PER_EXPERT_LIMIT} experts.
 */
final class ActivationStatsMetrics {

    static final int PER_EXPERT_LIMIT = 64;

    private ActivationStatsMetrics() {
    }

    static void register(MeterRegistry registry, CachedSnapshot cache, int layers, int experts) {
        for (int l = 0; l < layers; l++) {
            int layer = l;
            String tag = Integer.toString(l);
            Gauge.builder("janus.expert.activations", cache, c -> layerTotal(c.get(), layer))
                    .description("Tokens x top-k routed in this layer over the statistics window")
                    .tag("layer", tag).register(registry);
            Gauge.builder("janus.expert.activation.imbalance", cache, c -> imbalance(c.get(), layer))
                    .description("Hottest expert's activations over the mean expert's, over the window (0 when idle)")
                    .tag("layer", tag).register(registry);
            if (experts <= PER_EXPERT_LIMIT) {
                for (int e = 0; e < experts; e++) {
                    int expert = e;
                    Gauge.builder("janus.expert.activations.by.expert", cache, c -> c.get().count(layer, expert))
                            .description("Tokens routed to this expert over the statistics window")
                            .tag("layer", tag).tag("expert", Integer.toString(e)).register(registry);
                }
            }
        }
    }

    static long layerTotal(ActivationSnapshot s, int layer) {
        long sum = 0;
        for (int e = 0; e < s.experts(); e++) {
            sum += s.count(layer, e);
        }
        return sum;
    }

    static double imbalance(ActivationSnapshot s, int layer) {
        long total = layerTotal(s, layer);
        if (total == 0) {
            return 0;
        }
        long max = 0;
        for (int e = 0; e < s.experts(); e++) {
            max = Math.max(max, s.count(layer, e));
        }
        return max * (double) s.experts() / total;
    }
}
