package dev.janus.comm.scheduling;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.util.Arrays;

/**
 * The activated-expert balanced schedulers {@code aebs}, {@code aebs-rep} and {@code aebs+},
 * exactly as fixtures/aebs/README.md defines them (its vectors are the golden tests):
 * <ol>
 *   <li>U = activated logical experts; each single-replica expert of U counts +1 on its host.</li>
 *   <li>Each replicated expert of U, in processing order (ascending id; {@code aebs+}: fewest
 *       replicas, most tokens, lowest id), goes to its host with the fewest activated experts
 *       so far; ties → lowest instance ({@code aebs+}: fewer tokens first, then lowest).</li>
 *   <li>{@code aebs-rep}, {@code aebs+}: repair by augmenting paths over hosts (see
 *       {@link #repair}) until a_max reaches its lower bound or no path exists, which proves it
 *       minimal.</li>
 *   <li>Optional ({@link SchedulerOptions#spreadTokens()}): split hot experts' tokens over their
 *       idle replicas, see {@link #spread}.</li>
 * </ol>
 * Cost O(rows + |U| + R·N) plus O(N·R·N) per repair move (no integer division: {@link InstanceDivisor});
 * the plan is left ungrouped ({@link DispatchPlan} groups on first read). Nothing allocated once warm.
 */
final class AebsScheduler implements ActivationScheduler {

    /** Bound on augmenting moves of the repair pass (README). */
    static final int MAX_REPAIR_MOVES = 64;
    private static final int ID_BITS = 20;
    private static final long ID_MASK = (1L << ID_BITS) - 1;

    private final SchedulingPolicy policy;
    private final boolean repair;
    private final boolean plus;
    private final boolean spread;
    private final ThreadLocal<SchedulerScratch> scratch = ThreadLocal.withInitial(SchedulerScratch::new);

    AebsScheduler(SchedulingPolicy policy, boolean repair, boolean plus, boolean spread) {
        this.policy = policy;
        this.repair = repair;
        this.plus = plus;
        this.spread = spread;
    }

    @Override
    public SchedulingPolicy policy() {
        return policy;
    }

    @Override
    public void schedule(RoutingDecision routing, PlacementEpoch epoch, int layer, DispatchPlan out) {
        LayerPlacement lp = epoch.layer(layer);
        int n = epoch.instances();
        long div = InstanceDivisor.of(lp.slotsPerInstance(), lp.physicalExperts());
        int tokens = routing.tokens();
        int k = routing.topK();
        SchedulerScratch s = scratch.get();
        s.begin(lp.logicalExperts(), n, lp.physicalExperts());
        int[] tokensOf = s.tokensOf; // rows per activated expert (aebs+, spread), else 1
        int[] activated = s.activated;
        int[] chosen = s.chosen;
        int[] count = s.count;
        long[] load = s.tokenLoad;

        int nAct = plus || spread ? countRows(routing, s) : markActivated(routing, lp.logicalExperts(), s);
        Arrays.fill(count, 0, n, 0);
        Arrays.fill(load, 0, n, 0L);
        for (int i = 0; i < nAct; i++) {
            int e = activated[i];
            if (lp.replicaCount(e) == 1) {
                int p = lp.replica(e, 0);
                int h = InstanceDivisor.instance(p, div);
                chosen[e] = p;
                count[h]++;
                load[h] += tokensOf[e];
            }
        }
        int lowerBound = (nAct + n - 1) / n;
        for (int h = 0; h < n; h++) {
            lowerBound = Math.max(lowerBound, count[h]);
        }

        int nRep = collectReplicated(lp, s);
        int[] order = s.order;
        for (int i = 0; i < nRep; i++) {
            int e = order[i];
            int bestP = lp.replica(e, 0);
            int best = InstanceDivisor.instance(bestP, div);
            for (int j = 1, replicas = lp.replicaCount(e); j < replicas; j++) {
                int p = lp.replica(e, j);
                int h = InstanceDivisor.instance(p, div);
                if (count[h] < count[best] || (plus && count[h] == count[best] && load[h] < load[best])) {
                    bestP = p;
                    best = h;
                }
            }
            chosen[e] = bestP;
            count[best]++;
            load[best] += tokensOf[e];
        }
        int aMax = max(count, n);
        if (repair) {
            aMax = repair(lp, s, div, n, nRep, aMax, lowerBound);
        }
        int segments = spread && nRep > 0 ? spread(lp, s, div, n, nRep, aMax) : 0;

        // physical ids only: the plan groups itself when (if) a consumer reads the groups
        out.reset(tokens, k, lp.physicalExperts());
        if (segments == 0) {
            // one flat loop over rows (see markActivated)
            for (int row = 0, rows = tokens * k; row < rows; row++) {
                out.setPhysical(row, chosen[routing.expertOfRow(row)]);
            }
        } else {
            writeSplit(routing, s, out);
        }
        for (int i = 0; i < nAct; i++) {
            tokensOf[activated[i]] = 0;
        }
        if (segments > 0) {
            for (int i = 0; i < nAct; i++) {
                s.splitStart[activated[i]] = -1;
            }
        }
        s.end();
    }

    /** Rows per logical expert into {@code s.tokensOf}, activated experts in first-seen order. */
    private static int countRows(RoutingDecision routing, SchedulerScratch s) {
        int[] tokensOf = s.tokensOf;
        int[] activated = s.activated;
        int nAct = 0;
        int k = routing.topK();
        for (int row = 0, rows = routing.tokens() * k; row < rows; row++) {
            int e = routing.expertOfRow(row);
            if (tokensOf[e]++ == 0) {
                activated[nAct++] = e;
            }
        }
        return nAct;
    }

    /**
     * {@code aebs} and {@code aebs-rep} need only the activated set U: {@code tokensOf[e] = 1}
     * for e in U. Large batches use plain stores (no read-modify-write chain on hot experts'
     * counters, no branch per row) and stop reading rows once every expert is activated, which
     * a check at doubling checkpoints (2E rows, 4E, ...) detects for a few percent of the pass:
     * at 4096 tokens × top-8 over 256 experts U is complete after ~500–1000 tokens. Small
     * batches (fewer rows than experts) collect U as they go instead of scanning all E flags.
     *
     * <p>Row passes here are one flat loop over rows ({@link RoutingDecision#expertOfRow}) rather
     * than nested token / slot loops: C2 splits every counted loop into pre-, main- and
     * post-loops, which costs more than the body when the inner trip count is top-k.
     */
    private static int markActivated(RoutingDecision routing, int experts, SchedulerScratch s) {
        int[] on = s.tokensOf;
        int[] activated = s.activated;
        int tokens = routing.tokens();
        int k = routing.topK();
        int nAct = 0;
        if (tokens * k < experts) {
            for (int row = 0, rows = tokens * k; row < rows; row++) {
                int e = routing.expertOfRow(row);
                if (on[e] == 0) {
                    on[e] = 1;
                    activated[nAct++] = e;
                }
            }
            return nAct;
        }
        int checkpoint = Math.max(1, 2 * experts / k);
        for (int t = 0; t < tokens; ) {
            int end = Math.min(tokens, checkpoint);
            for (int row = t * k, rows = end * k; row < rows; row++) {
                on[routing.expertOfRow(row)] = 1;
            }
            t = end;
            if (t < tokens) {
                int sum = 0;
                for (int e = 0; e < experts; e++) {
                    sum += on[e];
                }
                if (sum == experts) {
                    break;
                }
                checkpoint = 2 * t;
            }
        }
        for (int e = 0; e < experts; e++) {
            if (on[e] != 0) {
                activated[nAct++] = e;
            }
        }
        return nAct;
    }

    /** Activated replicated experts into {@code s.order}, in processing order; returns how many. */
    private int collectReplicated(LayerPlacement lp, SchedulerScratch s) {
        int[] order = s.order;
        int[] tokensOf = s.tokensOf;
        int nRep = 0;
        for (int i = 0, r = lp.replicatedExpertCount(); i < r; i++) {
            int e = lp.replicatedExpert(i);
            if (tokensOf[e] > 0) {
                order[nRep++] = e;
            }
        }
        if (plus && nRep > 1) {
            // (fewest replicas, most tokens, lowest id) as one ascending long: replicas in bits
            // 52.., (2^32 - 1 - tokens) in bits 20..51, id in bits 0..19
            long[] keys = s.sortKeys;
            for (int i = 0; i < nRep; i++) {
                int e = order[i];
                keys[i] = ((long) lp.replicaCount(e) << 52) | ((0xFFFFFFFFL - tokensOf[e]) << ID_BITS) | e;
            }
            Arrays.sort(keys, 0, nRep);
            for (int i = 0; i < nRep; i++) {
                order[i] = (int) (keys[i] & ID_MASK);
            }
        }
        return nRep;
    }

    /**
     * The README's repair pass. While a_max = M exceeds the lower bound: breadth-first search
     * from the lowest instance s with a_s = M; popping u scans the replicated activated experts
     * assigned to u (processing order) and each one's hosts (ascending instance); an unvisited
     * host h gets parent (expert, u); at the first h with a_h ≤ M − 2 every expert on the path
     * moves one hop (a_s − 1, a_h + 1). No such h: the visited instances must hold at least
     * |S|·(M − 1) + 1 activated experts whatever the assignment, so M is minimal.
     */
    private int repair(LayerPlacement lp, SchedulerScratch s, long div, int n, int nRep, int aMax, int lowerBound) {
        int[] count = s.count;
        long[] load = s.tokenLoad;
        int[] chosen = s.chosen;
        int[] tokensOf = s.tokensOf;
        int[] parentExpert = s.parentExpert;
        int[] parentInstance = s.parentInstance;
        for (int moves = 0; aMax > lowerBound && moves < MAX_REPAIR_MOVES; moves++) {
            int source = 0;
            while (count[source] != aMax) {
                source++;
            }
            int target = augmentingPath(lp, s, div, nRep, source, aMax);
            if (target < 0) {
                break;
            }
            for (int h = target; h != source; ) {
                int e = parentExpert[h];
                int u = parentInstance[h];
                chosen[e] = replicaOn(lp, div, e, h);
                load[u] -= tokensOf[e];
                load[h] += tokensOf[e];
                h = u;
            }
            count[source]--;
            count[target]++;
            aMax = max(count, n);
        }
        return aMax;
    }

    private static int augmentingPath(LayerPlacement lp, SchedulerScratch s, long div, int nRep, int source, int aMax) {
        if (s.stamp == Integer.MAX_VALUE) {
            Arrays.fill(s.visited, 0);
            s.stamp = 0;
        }
        int stamp = ++s.stamp;
        int[] visited = s.visited;
        int[] queue = s.queue;
        int[] order = s.order;
        int[] chosen = s.chosen;
        int[] count = s.count;
        visited[source] = stamp;
        queue[0] = source;
        for (int head = 0, tail = 1; head < tail; ) {
            int u = queue[head++];
            for (int i = 0; i < nRep; i++) {
                int e = order[i];
                if (InstanceDivisor.instance(chosen[e], div) != u) {
                    continue;
                }
                for (int j = 0, replicas = lp.replicaCount(e); j < replicas; j++) {
                    int h = InstanceDivisor.instance(lp.replica(e, j), div);
                    if (visited[h] == stamp) {
                        continue;
                    }
                    visited[h] = stamp;
                    s.parentExpert[h] = e;
                    s.parentInstance[h] = u;
                    if (count[h] <= aMax - 2) {
                        return h;
                    }
                    queue[tail++] = h;
                }
            }
        }
        return -1;
    }

    private static int replicaOn(LayerPlacement lp, long div, int e, int instance) {
        for (int j = 0, replicas = lp.replicaCount(e); j < replicas; j++) {
            int p = lp.replica(e, j);
            if (InstanceDivisor.instance(p, div) == instance) {
                return p;
            }
        }
        throw new IllegalStateException("expert " + e + " has no replica on instance " + instance);
    }

    /**
     * Optional token spreading. Hot replicated experts first (most tokens, then lowest id): the
     * candidates are the expert's assigned host and its other hosts whose activated count is
     * below a_max; its rows are water-filled over them (the least-loaded fill first, so the
     * largest of their token loads is minimal), and a host is activated only if it gets rows.
     * A new host's count rises by one to at most a_max, so a_max never rises, and the maximum
     * tokens per instance never exceeds that of the unsplit plan. Returns the segments written.
     */
    private int spread(LayerPlacement lp, SchedulerScratch s, long div, int n, int nRep, int aMax) {
        int[] tokensOf = s.tokensOf;
        int[] count = s.count;
        long[] load = s.tokenLoad;
        int[] chosen = s.chosen;
        int[] hosts = s.hosts;
        long[] base = s.base;
        long[] keys = s.sortKeys;
        for (int i = 0; i < nRep; i++) {
            int e = s.order[i];
            keys[i] = ((0xFFFFFFFFL - tokensOf[e]) << ID_BITS) | e;
        }
        Arrays.sort(keys, 0, nRep);
        int segments = 0;
        for (int i = 0; i < nRep; i++) {
            int e = (int) (keys[i] & ID_MASK);
            int te = tokensOf[e];
            int primary = InstanceDivisor.instance(chosen[e], div);
            int m = 0;
            hosts[m] = chosen[e];
            base[m++] = load[primary] - te;
            for (int j = 0, replicas = lp.replicaCount(e); j < replicas; j++) {
                int p = lp.replica(e, j);
                int h = InstanceDivisor.instance(p, div);
                if (h != primary && count[h] < aMax) {
                    // insertion sort by (base, instance), m <= N is small
                    int at = m++;
                    while (at > 0 && (base[at - 1] > load[h] || (base[at - 1] == load[h] && InstanceDivisor.instance(hosts[at - 1], div) > h))) {
                        base[at] = base[at - 1];
                        hosts[at] = hosts[at - 1];
                        at--;
                    }
                    base[at] = load[h];
                    hosts[at] = p;
                }
            }
            if (m == 1) {
                continue;
            }
            // water level: fill the f least-loaded hosts to sum / f
            long sum = te + base[0];
            int f = 1;
            while (f < m && base[f] * f < sum) {
                sum += base[f++];
            }
            long q = sum / f;
            long rem = sum % f;
            long primaryQuota = 0;
            for (int h = 0; h < f; h++) {
                if (InstanceDivisor.instance(hosts[h], div) == primary) {
                    primaryQuota = q + (h < rem ? 1 : 0) - base[h];
                }
            }
            if (primaryQuota == te) {
                continue; // water-filling keeps every row on the assigned host
            }
            s.splitStart[e] = segments;
            long cumulative = 0;
            for (int h = 0; h < f; h++) {
                long quota = q + (h < rem ? 1 : 0) - base[h];
                int instance = InstanceDivisor.instance(hosts[h], div);
                if (quota > 0) {
                    cumulative += quota;
                    s.segPhysical[segments] = hosts[h];
                    s.segEnd[segments++] = (int) cumulative;
                    if (instance != primary) {
                        count[instance]++;
                    }
                } else if (instance == primary) {
                    count[primary]--;
                }
                load[instance] = base[h] + quota;
            }
            chosen[e] = s.splitStart[e]; // from here on: the segment cursor
            tokensOf[e] = 0;             // from here on: rows of e written so far
        }
        return segments;
    }

    private static void writeSplit(RoutingDecision routing, SchedulerScratch s, DispatchPlan out) {
        int[] chosen = s.chosen;
        int[] splitStart = s.splitStart;
        int[] seen = s.tokensOf;
        int[] segEnd = s.segEnd;
        int[] segPhysical = s.segPhysical;
        int tokens = routing.tokens();
        int k = routing.topK();
        for (int t = 0, row = 0; t < tokens; t++) {
            for (int j = 0; j < k; j++, row++) {
                int e = routing.expert(t, j);
                if (splitStart[e] < 0) {
                    out.setPhysical(row, chosen[e]);
                } else {
                    int index = seen[e]++;
                    int segment = chosen[e];
                    while (index >= segEnd[segment]) {
                        segment++;
                    }
                    chosen[e] = segment;
                    out.setPhysical(row, segPhysical[segment]);
                }
            }
        }
    }

    private static int max(int[] values, int n) {
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
