package dev.janus.cli;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.List;

/**
 * Expert load and co-activation counted from recorded routing, the way ActivationStatistics
 * counts them live: per token, each chosen expert once and each unordered pair of its top-k
 * once; the diagonal holds the expert's own count, as {@link CoActivation#of} makes it.
 */
record TraceStatistics(ExpertLoad load, CoActivation coActivation) {

    /** The largest co-activation matrix counted, as ActivationSnapshot bounds it. */
    private static final long MAX_PAIRS = 1L << 26;

    static TraceStatistics count(List<RoutingTraceReader.Entry> entries, int layers, int experts) {
        if ((long) layers * experts * experts > MAX_PAIRS) {
            throw new IllegalArgumentException("too many layers x experts to count co-activation: " + layers
                    + " x " + experts);
        }
        long[] counts = new long[layers * experts];            // [L * E]
        long[] pairs = new long[layers * experts * experts];   // [L * E * E], symmetric
        for (RoutingTraceReader.Entry entry : entries) {
            RoutingDecision r = entry.routing();
            int base = entry.layer() * experts;
            for (int t = 0; t < r.tokens(); t++) {
                for (int s = 0; s < r.topK(); s++) {
                    int e = r.expert(t, s);
                    counts[base + e]++;
                    pairs[(base + e) * experts + e]++;
                    for (int s2 = s + 1; s2 < r.topK(); s2++) {
                        int f = r.expert(t, s2);
                        pairs[(base + e) * experts + f]++;
                        pairs[(base + f) * experts + e]++;
                    }
                }
            }
        }
        return new TraceStatistics(new ExpertLoad(layers, experts, counts), new CoActivation(layers, experts, pairs));
    }
}
