package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The minimum possible a_max of a batch, independently of the scheduler: binary search on M;
 * M is feasible iff the activated experts can be matched to hosting instances with at most M
 * per instance (bipartite b-matching by augmenting paths, Kuhn's algorithm with capacities).
 * Every activated expert needs exactly one replica: serving it from two only adds activations.
 */
final class ExactAMax {

    private ExactAMax() {
    }

    static int of(LayerPlacement placement, int instances, int[] activatedExperts) {
        int lo = (activatedExperts.length + instances - 1) / instances;
        int hi = activatedExperts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (feasible(placement, instances, activatedExperts, mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static boolean feasible(LayerPlacement placement, int instances, int[] experts, int capacity) {
        List<List<Integer>> assigned = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            assigned.add(new ArrayList<>());
        }
        int[] hostOf = new int[experts.length];
        Arrays.fill(hostOf, -1);
        for (int x = 0; x < experts.length; x++) {
            if (!augment(placement, experts, x, capacity, assigned, hostOf, new boolean[instances])) {
                return false;
            }
        }
        return true;
    }

    private static boolean augment(LayerPlacement placement, int[] experts, int x, int capacity,
                                   List<List<Integer>> assigned, int[] hostOf, boolean[] visited) {
        int e = experts[x];
        for (int j = 0; j < placement.replicaCount(e); j++) {
            int h = placement.instanceOf(placement.replica(e, j));
            if (visited[h]) {
                continue;
            }
            visited[h] = true;
            if (assigned.get(h).size() < capacity) {
                assigned.get(h).add(x);
                hostOf[x] = h;
                return true;
            }
            for (int y : List.copyOf(assigned.get(h))) {
                if (augment(placement, experts, y, capacity, assigned, hostOf, visited)) {
                    assigned.get(h).remove(Integer.valueOf(y));
                    assigned.get(h).add(x);
                    hostOf[x] = h;
                    return true;
                }
            }
        }
        return false;
    }
}
