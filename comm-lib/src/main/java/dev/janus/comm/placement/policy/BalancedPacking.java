package dev.janus.comm.placement.policy;

import java.util.Arrays;
import java.util.Comparator;

/**
 * DeepSeek EPLB's {@code balanced_packing} (deepseek-ai/EPLB, eplb.py): items sorted by weight,
 * descending (stable: equal weights keep their order), each put on the pack with the lowest
 * total weight that still has room (ties → lowest pack). When there are exactly as many items
 * as packs, EPLB skips the sort and item i goes to pack i; so do we.
 *
 * <p>Our addition for replicas ({@link #replicas}): a pack (MoE instance) that already holds the
 * item's expert is skipped, and if no pack qualifies, {@link ReplicaBoard#repair} makes room.
 */
final class BalancedPacking {

    private BalancedPacking() {
    }

    /**
     * Packs {@code weight.length} items onto {@code packs} packs of exactly
     * {@code weight.length / packs} items (EPLB's group → node step).
     *
     * @return {@code [2][items]}: pack of each item, and its rank (arrival order) in the pack
     */
    static int[][] exact(double[] weight, int packs) {
        int n = weight.length;
        int perPack = n / packs;
        int[] pack = new int[n];
        int[] rank = new int[n];
        if (perPack == 1) {
            for (int i = 0; i < n; i++) {
                pack[i] = i;
            }
            return new int[][] {pack, rank};
        }
        double[] total = new double[packs];
        int[] items = new int[packs];
        for (int item : descending(weight)) {
            int best = -1;
            for (int k = 0; k < packs; k++) {
                if (items[k] < perPack && (best < 0 || total[k] < total[best])) {
                    best = k;
                }
            }
            pack[item] = best;
            rank[item] = items[best]++;
            total[best] += weight[item];
        }
        return new int[][] {pack, rank};
    }

    /**
     * Packs replicas onto instances {@code [from, to)} of the board (EPLB's physical expert → GPU
     * step), on top of what the board already holds there (pinned replicas). Each instance gets at
     * most {@code ceil(total / instances)} replicas (EPLB: exactly {@code total / instances}), or
     * up to C when the distinct-instance rule needs it.
     *
     * @param expert {@code [items]} logical expert of each replica, in EPLB's physical order
     * @param weight {@code [items]} its pack weight, {@code load / replicas}
     */
    static void replicas(ReplicaBoard board, int[] expert, double[] weight, int from, int to) {
        int packs = to - from;
        int total = expert.length;
        int most = 0;
        for (int i = from; i < to; i++) {
            total += board.used(i);
            most = Math.max(most, board.used(i));
        }
        if (expert.length == packs && most == 0) {
            for (int t = 0; t < packs; t++) {
                board.place(expert[t], from + t, weight[t], false);
            }
            return;
        }
        board.limit(Math.max(most, (total + packs - 1) / packs));
        for (int item : descending(weight)) {
            int e = expert[item];
            int best = -1;
            for (int i = from; i < to; i++) {
                if (board.canTake(e, i) && (best < 0 || board.packed(i) < board.packed(best))) {
                    best = i;
                }
            }
            if (best >= 0) {
                board.place(e, best, weight[item], false);
            } else {
                board.repair(e, weight[item], from, to);
            }
        }
    }

    /** Item indices by weight, descending; equal weights in index order. */
    private static Integer[] descending(double[] weight) {
        Integer[] order = new Integer[weight.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> weight[i]).reversed()); // stable merge sort
        return order;
    }
}
