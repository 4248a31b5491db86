package dev.janus.comm.placement.policy;

import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Consistent random statistics for property tests: tokens routed to top-k experts with skew
 * (Zipf over a random permutation) and co-activation (a token mostly stays in one of a few
 * random clusters), counted into loads and pairs exactly as ActivationStatistics counts them.
 */
final class RandomStatistics {

    final ExpertLoad load;
    final CoActivation coActivation;
    final List<RoutingTraceReader.Entry> routing;

    private RandomStatistics(ExpertLoad load, CoActivation coActivation, List<RoutingTraceReader.Entry> routing) {
        this.load = load;
        this.coActivation = coActivation;
        this.routing = routing;
    }

    static RandomStatistics draw(SplittableRandom random, int layers, int experts, int topK, int batches,
                                 int batchTokens) {
        long[] counts = new long[layers * experts];
        long[] pairs = new long[layers * experts * experts];
        List<RoutingTraceReader.Entry> routing = new ArrayList<>();
        int clusters = 1 + random.nextInt(Math.max(1, experts / Math.max(1, topK)));
        for (int l = 0; l < layers; l++) {
            double[] weight = new double[experts];
            int[] cluster = new int[experts];
            double skew = random.nextDouble() * 1.4;
            for (int e = 0; e < experts; e++) {
                weight[e] = 1 / Math.pow(1 + random.nextInt(experts), skew);
                cluster[e] = random.nextInt(clusters);
            }
            for (int b = 0; b < batches; b++) {
                RoutingDecision r = new RoutingDecision();
                r.reset(batchTokens, topK);
                for (int t = 0; t < batchTokens; t++) {
                    int home = random.nextInt(clusters);
                    boolean[] chosen = new boolean[experts];
                    for (int s = 0; s < topK; s++) {
                        int e = pick(random, weight, cluster, home, chosen);
                        chosen[e] = true;
                        r.set(t, s, e, 1f / topK);
                        counts[l * experts + e]++;
                        for (int s2 = 0; s2 < s; s2++) {
                            int f = r.expert(t, s2);
                            pairs[(l * experts + e) * experts + f]++;
                            pairs[(l * experts + f) * experts + e]++;
                        }
                    }
                }
                routing.add(new RoutingTraceReader.Entry(l, r));
            }
            for (int e = 0; e < experts; e++) {
                pairs[(l * experts + e) * experts + e] = counts[l * experts + e];
            }
        }
        return new RandomStatistics(new ExpertLoad(layers, experts, counts),
                new CoActivation(layers, experts, pairs), routing);
    }

    /** In the home cluster with weight x 8, elsewhere x 1. */
    private static int pick(SplittableRandom random, double[] weight, int[] cluster, int home, boolean[] chosen) {
        double total = 0;
        for (int e = 0; e < weight.length; e++) {
            total += chosen[e] ? 0 : weight[e] * (cluster[e] == home ? 8 : 1);
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int e = 0; e < weight.length; e++) {
            if (!chosen[e]) {
                last = e;
                u -= weight[e] * (cluster[e] == home ? 8 : 1);
                if (u < 0) {
                    return e;
                }
            }
        }
        return last;
    }
}
