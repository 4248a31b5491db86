package dev.janus.comm.placement.policy;

import java.util.Arrays;

/**
 * How many replicas each logical expert gets: DeepSeek EPLB's {@code replicate_experts} rule,
 * which is also {@code PlacementEpoch.roundRobin}'s. Every expert starts with one replica (or its
 * requested count); each further replica goes to the free expert with the highest
 * {@code load / replicas} that is below the cap. Ties → fewer replicas, then lowest id: the
 * PlacementEpoch rule, so round-robin matches it slot for slot. EPLB's torch {@code max} takes
 * the lowest id on ties; the two differ only when equal ratios have different replica counts
 * (e.g. all loads zero, where EPLB would pile every extra onto expert 0).
 *
 * @param counts replicas per expert
 * @param extras the experts that got a replica beyond their first, in the order they got it
 *               (requested counts first, ascending id): EPLB lists physical experts in this order
 */
record Replication(int[] counts, int[] extras) {

    /**
     * @param load   per-expert load (local ids)
     * @param fixed  requested exact counts, 0 = the rule decides
     * @param cap    most replicas of an expert the rule may give (distinct instances available)
     * @param budget total replicas wanted; fewer when every free expert is at the cap
     */
    static Replication of(double[] load, int[] fixed, int cap, int budget) {
        int n = load.length;
        int[] counts = new int[n];
        int used = 0;
        for (int e = 0; e < n; e++) {
            counts[e] = fixed[e] > 0 ? fixed[e] : 1;
            used += counts[e];
        }
        int[] extras = new int[Math.max(budget, used)];
        int next = 0;
        for (int e = 0; e < n; e++) {
            for (int c = 1; c < counts[e]; c++) {
                extras[next++] = e;
            }
        }
        for (int r = used; r < budget; r++) {
            int best = -1;
            for (int e = 0; e < n; e++) {
                if (fixed[e] > 0 || counts[e] >= cap) {
                    continue;
                }
                // load[e] / counts[e] vs load[best] / counts[best], cross-multiplied (PlacementEpoch)
                double mine = load[e] * (best < 0 ? 1 : counts[best]);
                double theirs = best < 0 ? 0 : load[best] * counts[e];
                if (best < 0 || mine > theirs || (mine == theirs && counts[e] < counts[best])) {
                    best = e;
                }
            }
            if (best < 0) {
                break; // every free expert is on every instance it may use: the rest stays empty
            }
            counts[best]++;
            extras[next++] = best;
        }
        return new Replication(counts, Arrays.copyOf(extras, next));
    }
}
