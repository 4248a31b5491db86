package dev.janus.comm.placement.policy;

import java.util.function.LongSupplier;

/**
 * The {@code janus} improvement step: bounded best-improvement local search on one layer.
 * Each step takes the instance a with the highest predicted score ({@link ActivationPredictor};
 * ties → lowest id) and evaluates every exchange of one of its replicas with a replica (or the
 * first empty slot) of another instance b: instances, slot counts and pins stay valid, and a
 * swap is skipped if it would put two replicas of one expert on an instance. It applies the
 * exchange with the lowest {@code max(score_a', score_b')} if that is below score_a; only a and
 * b change, so the layer's predicted a_max never rises. Stops when a has no improving exchange,
 * after {@code maxEvaluations} candidates, or at the deadline.
 *
 * <p>A candidate costs O(1): with {@code S_i(x) = Σ_{g on i} w_g c_xg} (precomputed per pair of
 * instances, O(C²)), moving e out of a and f in changes
 * {@code σ²_a' = σ²_a - w_e² v_e - 2 w_e S_a(e) + w_f² v_f + 2 w_f (S_a(f) - w_e c_ef)}, and b alike.
 * After a swap both instances are recomputed from scratch, so rounding does not drift.
 */
final class SwapSearch {

    private final LayerModel m;
    private final int n;
    private final int c;
    private final int[] slots;       // [N * C], mutated in place
    private final boolean[] fixed;   // [N * C] pinned replica: never moves
    private final double[] w;        // [E] 1 / replicas
    private final boolean[] hosts;   // [E * N]
    private final double[] mean;     // [N]
    private final double[] variance; // [N]
    private final double[] score;    // [N]
    private final int nodeSize;      // b is searched within a's node
    private final double[] sAE;      // [C] S_a(e) for a's replicas
    private final double[] sBE;      // [C] S_b(e) for a's replicas
    private final double[] sAF;      // [C] S_a(f) for b's replicas
    private final double[] sBF;      // [C] S_b(f) for b's replicas

    private SwapSearch(LayerModel m, int[] slots, boolean[] fixed, ClusterShape shape) {
        this.m = m;
        this.n = shape.instances();
        this.c = shape.slotsPerInstance();
        this.slots = slots;
        this.fixed = fixed;
        this.w = ActivationPredictor.replicaShares(slots, m.experts);
        this.hosts = new boolean[m.experts * n];
        this.mean = new double[n];
        this.variance = new double[n];
        this.score = new double[n];
        this.sAE = new double[c];
        this.sBE = new double[c];
        this.sAF = new double[c];
        this.sBF = new double[c];
        // several nodes: keep every replica in the node eplb chose (EPLB's groups-on-nodes, less
        // inter-node traffic); also for layers whose start was global (pins), for one rule
        this.nodeSize = shape.multiNode() ? shape.nodeSize() : n;
        for (int p = 0; p < slots.length; p++) {
            if (slots[p] >= 0) {
                hosts[slots[p] * n + p / c] = true;
            }
        }
        for (int i = 0; i < n; i++) {
            refresh(i);
        }
    }

    /** Improves {@code slots} (one layer, EPLB's output) in place; returns them. */
    static int[] improve(int[] slots, LayerDemand demand, LayerModel m, ClusterShape shape, long maxEvaluations,
                         long deadlineNanos, LongSupplier ticker) {
        boolean[] fixed = new boolean[slots.length];
        for (int p = 0; p < slots.length; p++) {
            fixed[p] = slots[p] >= 0 && demand.pinned(slots[p]);
        }
        SwapSearch search = new SwapSearch(m, slots, fixed, shape);
        long evaluations = 0;
        while (evaluations < maxEvaluations && ticker.getAsLong() - deadlineNanos < 0) {
            long step = search.step();
            if (step <= 0) {
                break;
            }
            evaluations += step;
        }
        return slots;
    }

    /** One best-improvement step from the worst instance; returns candidates evaluated, negated if none improved. */
    private long step() {
        int a = 0;
        for (int i = 1; i < n; i++) {
            a = score[i] > score[a] ? i : a;
        }
        double bound = score[a] - 1e-9 * Math.max(1, score[a]);
        double best = bound;
        int bestX = -1;
        int bestY = -1;
        long evaluated = 0;
        for (int x = 0; x < c; x++) {
            sAE[x] = cross(a, slots[a * c + x]);
        }
        int from = a / nodeSize * nodeSize;
        for (int b = from; b < from + nodeSize; b++) {
            if (b == a) {
                continue;
            }
            for (int y = 0; y < c; y++) {
                int f = slots[b * c + y];
                sAF[y] = cross(a, f);
                sBF[y] = cross(b, f);
            }
            for (int x = 0; x < c; x++) {
                sBE[x] = cross(b, slots[a * c + x]);
            }
            for (int x = 0; x < c; x++) {
                int px = a * c + x;
                int e = slots[px];
                if (e < 0 || fixed[px] || hosts[e * n + b]) {
                    continue;
                }
                double we = w[e];
                double inMeanB = we * m.act[e];
                double inVarB = we * we * m.var[e];
                double keptMeanA = mean[a] - inMeanB;           // a without e
                double keptVarA = variance[a] - inVarB - 2 * we * sAE[x];
                boolean emptyTried = false;
                for (int y = 0; y < c; y++) {
                    int py = b * c + y;
                    int f = slots[py];
                    if (fixed[py] || (f >= 0 && hosts[f * n + a]) || (f < 0 && emptyTried)) {
                        continue;
                    }
                    emptyTried |= f < 0;
                    evaluated++;
                    double wf = f < 0 ? 0 : w[f];
                    double inMeanA = f < 0 ? 0 : wf * m.act[f];
                    double inVarA = f < 0 ? 0 : wf * wf * m.var[f];
                    double cef = m.cov(e, f);
                    double meanA = keptMeanA + inMeanA;
                    double varA = keptVarA + inVarA + 2 * wf * (sAF[y] - we * cef);
                    if (!m.below(meanA, varA, best)) {
                        continue;
                    }
                    double meanB = mean[b] - inMeanA + inMeanB;
                    double varB = variance[b] - inVarA - 2 * wf * sBF[y] + inVarB + 2 * we * (sBE[x] - wf * cef);
                    if (!m.below(meanB, varB, best)) {
                        continue;
                    }
                    double value = Math.max(m.score(meanA, varA), m.score(meanB, varB));
                    if (value < best) { // the squared pre-checks may round the other way on ties
                        best = value;
                        bestX = px;
                        bestY = py;
                    }
                }
            }
        }
        if (bestX < 0) {
            return -evaluated;
        }
        swap(bestX, bestY);
        return evaluated;
    }

    /** {@code S_i(x) = Σ_{g on i} w_g cov(x, g)}; 0 without co-activation data or for an empty slot. */
    private double cross(int instance, int x) {
        if (m.cov == null || x < 0) {
            return 0;
        }
        double sum = 0;
        for (int s = instance * c; s < instance * c + c; s++) {
            int g = slots[s];
            sum += g < 0 ? 0 : w[g] * m.cov[x * m.experts + g];
        }
        return sum;
    }

    private void swap(int px, int py) {
        int a = px / c;
        int b = py / c;
        int e = slots[px];
        int f = slots[py];
        hosts[e * n + a] = false;
        hosts[e * n + b] = true;
        if (f >= 0) {
            hosts[f * n + b] = false;
            hosts[f * n + a] = true;
        }
        slots[px] = f;
        slots[py] = e;
        refresh(a);
        refresh(b);
    }

    private void refresh(int i) {
        double[] moments = m.moments(slots, i, c, w);
        mean[i] = moments[0];
        variance[i] = moments[1];
        score[i] = m.score(mean[i], variance[i]);
    }
}
