package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random placements (any layout that satisfies the convention) and skewed random routings. */
final class RandomBatches {

    private RandomBatches() {
    }

    /** N instances with C slots; every expert once, then up to {@code extra} random replicas; 1 layer. */
    static PlacementEpoch placement(SplittableRandom random, int experts, int instances, int slotsPerInstance, int extra) {
        int[] slots = new int[instances * slotsPerInstance];
        java.util.Arrays.fill(slots, LayerPlacement.EMPTY);
        int[] used = new int[instances];
        boolean[][] hosts = new boolean[experts][instances];
        for (int e = 0; e < experts; e++) {
            place(random, slots, used, hosts, e, slotsPerInstance, true);
        }
        for (int r = 0; r < extra; r++) {
            place(random, slots, used, hosts, random.nextInt(experts), slotsPerInstance, false);
        }
        // shuffle slots within each instance, so physical order says nothing about logical ids
        for (int i = 0; i < instances; i++) {
            for (int s = slotsPerInstance - 1; s > 0; s--) {
                int a = i * slotsPerInstance + s;
                int b = i * slotsPerInstance + random.nextInt(s + 1);
                int t = slots[a];
                slots[a] = slots[b];
                slots[b] = t;
            }
        }
        return PlacementEpoch.of(random.nextLong(), experts, instances, new int[][] {slots});
    }

    private static void place(SplittableRandom random, int[] slots, int[] used, boolean[][] hosts, int e,
                              int slotsPerInstance, boolean required) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            if (used[i] < slotsPerInstance && !hosts[e][i]) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            if (required) {
                throw new IllegalStateException("no room for expert " + e);
            }
            return;
        }
        int i = candidates.get(random.nextInt(candidates.size()));
        slots[i * slotsPerInstance + used[i]++] = e;
        hosts[e][i] = true;
    }

    /** Distinct top-k per token; expert e drawn with weight 1 / (rank(e) + 1)^skew. */
    static RoutingDecision routing(SplittableRandom random, int tokens, int topK, int experts, double skew) {
        int[] rank = new int[experts];
        for (int e = 0; e < experts; e++) {
            rank[e] = e;
        }
        for (int e = experts - 1; e > 0; e--) {
            int j = random.nextInt(e + 1);
            int t = rank[e];
            rank[e] = rank[j];
            rank[j] = t;
        }
        double[] cdf = new double[experts];
        double sum = 0;
        for (int e = 0; e < experts; e++) {
            sum += Math.pow(rank[e] + 1, -skew);
            cdf[e] = sum;
        }
        RoutingDecision routing = new RoutingDecision();
        routing.reset(tokens, topK);
        boolean[] taken = new boolean[experts];
        for (int t = 0; t < tokens; t++) {
            java.util.Arrays.fill(taken, false);
            for (int s = 0; s < topK; s++) {
                int e;
                do {
                    double u = random.nextDouble() * sum;
                    e = 0;
                    while (cdf[e] < u) {
                        e++;
                    }
                } while (taken[e]);
                taken[e] = true;
                routing.set(t, s, e, (float) random.nextDouble());
            }
        }
        return routing;
    }
}
