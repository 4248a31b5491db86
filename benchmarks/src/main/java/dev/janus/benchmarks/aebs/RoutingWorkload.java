package dev.janus.benchmarks.aebs;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.RoutingDecision;
import java.util.SplittableRandom;

/**
 * Synthetic routing for the scheduler benchmarks: each token picks k distinct logical experts,
 * expert e with probability ∝ 1 / (rank(e) + 1)^s (s = 0: uniform; Zipf 0.8 and 1.2 in the
 * report), ranks a seeded random permutation so hot experts are not the lowest ids. The
 * placement replicates by the expected load (EPLB's rule, {@link PlacementEpoch#roundRobin}),
 * which is what a placement service would derive from these statistics.
 */
public final class RoutingWorkload implements RoutingSource {

    private final int logicalExperts;
    private final double[] cdf;      // [E] cumulative unnormalised probability
    private final long[] expectedLoad; // [E] expected share, scaled to 1e9

    public RoutingWorkload(int logicalExperts, double zipf, long seed) {
        this.logicalExperts = logicalExperts;
        SplittableRandom random = new SplittableRandom(seed);
        int[] rank = new int[logicalExperts];
        for (int e = 0; e < logicalExperts; e++) {
            rank[e] = e;
        }
        for (int e = logicalExperts - 1; e > 0; e--) {
            int j = random.nextInt(e + 1);
            int t = rank[e];
            rank[e] = rank[j];
            rank[j] = t;
        }
        cdf = new double[logicalExperts];
        double[] p = new double[logicalExperts];
        double sum = 0;
        for (int e = 0; e < logicalExperts; e++) {
            p[e] = Math.pow(rank[e] + 1, -zipf);
            sum += p[e];
            cdf[e] = sum;
        }
        expectedLoad = new long[logicalExperts];
        for (int e = 0; e < logicalExperts; e++) {
            expectedLoad[e] = Math.round(1e9 * p[e] / sum);
        }
    }

    /** A placement with {@code redundant} extra slots, replicas for the expected hottest experts. */
    @Override
    public PlacementEpoch placement(int instances, int redundant) {
        return PlacementEpoch.roundRobin(1, 1, logicalExperts, instances, redundant, new long[][] {expectedLoad});
    }

    public RoutingDecision batch(SplittableRandom random, int tokens, int topK) {
        RoutingDecision routing = new RoutingDecision();
        fill(routing, random, tokens, topK);
        return routing;
    }

    /** One layer (0): the synthetic routing does not vary by layer. */
    @Override
    public int fill(RoutingDecision routing, SplittableRandom random, int tokens, int topK) {
        routing.reset(tokens, topK);
        double total = cdf[logicalExperts - 1];
        int[] chosen = new int[topK];
        for (int t = 0; t < tokens; t++) {
            for (int s = 0; s < topK; s++) {
                int e;
                boolean duplicate;
                do {
                    double u = random.nextDouble() * total;
                    int lo = 0;
                    int hi = logicalExperts - 1;
                    while (lo < hi) { // first e with cdf[e] >= u
                        int mid = (lo + hi) >>> 1;
                        if (cdf[mid] < u) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    e = lo;
                    duplicate = false;
                    for (int j = 0; j < s; j++) {
                        duplicate |= chosen[j] == e;
                    }
                } while (duplicate);
                chosen[s] = e;
                routing.set(t, s, e, 1f / topK);
            }
        }
        return 0;
    }
}
