package dev.janus.benchmarks.placement;

import dev.janus.model.moe.RoutingDecision;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic routing with skew and co-activation, for the placement benchmark: expert e has
 * weight 1 / (rank(e) + 1)^s over a seeded random permutation (as RoutingWorkload), and the
 * experts fall into random clusters of similar topic; a token picks a home cluster and draws each
 * of its k experts from that cluster with probability {@code inCluster}, else from all experts
 * (duplicates redrawn). Clustered experts are co-activated, which is what janus separates.
 */
final class ClusteredRouting {

    private final int experts;
    private final double[] cdf;          // [E] cumulative weight over all experts
    private final int[][] members;       // [clusters][*] experts of each cluster
    private final double[][] clusterCdf; // [clusters][*] cumulative weight within the cluster
    private final double inCluster;

    ClusteredRouting(int experts, int clusters, double zipf, double inCluster, long seed) {
        this.experts = experts;
        this.inCluster = inCluster;
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[experts];
        for (int e = 0; e < experts; e++) {
            order[e] = e;
        }
        for (int e = experts - 1; e > 0; e--) {
            int j = random.nextInt(e + 1);
            int t = order[e];
            order[e] = order[j];
            order[j] = t;
        }
        double[] weight = new double[experts];
        cdf = new double[experts];
        double sum = 0;
        for (int e = 0; e < experts; e++) {
            weight[e] = Math.pow(order[e] + 1, -zipf); // order doubles as a random rank
            sum += weight[e];
            cdf[e] = sum;
        }
        // clusters: another permutation cut into equal blocks
        for (int e = experts - 1; e > 0; e--) {
            int j = random.nextInt(e + 1);
            int t = order[e];
            order[e] = order[j];
            order[j] = t;
        }
        members = new int[clusters][];
        clusterCdf = new double[clusters][];
        int size = experts / clusters;
        for (int c = 0; c < clusters; c++) {
            members[c] = Arrays.copyOfRange(order, c * size, c == clusters - 1 ? experts : (c + 1) * size);
            clusterCdf[c] = new double[members[c].length];
            double s = 0;
            for (int m = 0; m < members[c].length; m++) {
                s += weight[members[c][m]];
                clusterCdf[c][m] = s;
            }
        }
    }

    void fill(RoutingDecision routing, SplittableRandom random, int tokens, int topK) {
        routing.reset(tokens, topK);
        int[] chosen = new int[topK];
        for (int t = 0; t < tokens; t++) {
            int home = random.nextInt(members.length);
            for (int s = 0; s < topK; s++) {
                int e;
                boolean duplicate;
                do {
                    e = random.nextDouble() < inCluster
                            ? members[home][search(clusterCdf[home], random.nextDouble() * last(clusterCdf[home]))]
                            : search(cdf, random.nextDouble() * last(cdf));
                    duplicate = false;
                    for (int j = 0; j < s; j++) {
                        duplicate |= chosen[j] == e;
                    }
                } while (duplicate);
                chosen[s] = e;
                routing.set(t, s, e, 1f / topK);
            }
        }
    }

    int experts() {
        return experts;
    }

    private static double last(double[] cdf) {
        return cdf[cdf.length - 1];
    }

    /** First index with cdf >= u. */
    private static int search(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
