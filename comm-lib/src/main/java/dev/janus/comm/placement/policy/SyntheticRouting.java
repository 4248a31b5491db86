package dev.janus.comm.placement.policy;

import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Routing batches synthesised from statistics, for predicting a placement's effect when no
 * recorded routing exists. Deterministic for a seed (each layer has its own stream, so a layer's
 * batches do not depend on which other layers are drawn).
 *
 * <p>Each token draws k distinct experts: the first in proportion to its load; each next one, with
 * co-activation data, in proportion to {@code Σ_{g chosen} pairs(g, f) / count(g)} (how often f
 * was chosen alongside the experts already drawn), falling back to load when that is 0 for every
 * remaining expert; without data, in proportion to load. This keeps the per-expert load and the
 * strongest pairs of the statistics, not their exact joint distribution. Router weights are 1 / k
 * (schedulers ignore them).
 */
public final class SyntheticRouting {

    private SyntheticRouting() {
    }

    /** {@code batchesPerLayer} batches of {@code batchTokens} tokens for every layer, layer by layer. */
    public static List<RoutingTraceReader.Entry> batches(ExpertLoad load, CoActivation coActivation, int batchesPerLayer,
                                                         int batchTokens, int topK, long seed) {
        if (batchesPerLayer < 0 || batchTokens <= 0 || topK <= 0 || topK > load.experts()) {
            throw new IllegalArgumentException("need batches >= 0, batchTokens > 0 and 0 < topK <= E, got "
                    + batchesPerLayer + ", " + batchTokens + ", " + topK);
        }
        List<RoutingTraceReader.Entry> entries = new ArrayList<>(load.layers() * batchesPerLayer);
        for (int l = 0; l < load.layers(); l++) {
            SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (l + 1));
            for (int b = 0; b < batchesPerLayer; b++) {
                RoutingDecision routing = new RoutingDecision();
                routing.reset(batchTokens, topK);
                for (int t = 0; t < batchTokens; t++) {
                    token(load, coActivation, l, topK, random, routing, t);
                }
                entries.add(new RoutingTraceReader.Entry(l, routing));
            }
        }
        return entries;
    }

    private static void token(ExpertLoad load, CoActivation co, int layer, int k, SplittableRandom random,
                              RoutingDecision out, int token) {
        int e = load.experts();
        boolean[] chosen = new boolean[e];
        double[] together = new double[e]; // Σ over chosen g of pairs(g, f) / count(g)
        for (int s = 0; s < k; s++) {
            int pick = draw(together, chosen, random);
            if (pick < 0) {
                double[] byLoad = new double[e];
                for (int f = 0; f < e; f++) {
                    byLoad[f] = load.count(layer, f);
                }
                pick = draw(byLoad, chosen, random);
            }
            if (pick < 0) {
                pick = draw(null, chosen, random);
            }
            chosen[pick] = true;
            out.set(token, s, pick, 1f / k);
            long own = load.count(layer, pick);
            for (int f = 0; co.known() && own > 0 && f < e; f++) {
                together[f] += (double) co.count(layer, pick, f) / own;
            }
        }
    }

    /** An unchosen index drawn in proportion to weight (null = uniform), or -1 if all weights are 0. */
    private static int draw(double[] weight, boolean[] chosen, SplittableRandom random) {
        double total = 0;
        for (int f = 0; f < chosen.length; f++) {
            total += chosen[f] ? 0 : weight == null ? 1 : weight[f];
        }
        if (total <= 0) {
            return -1;
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int f = 0; f < chosen.length; f++) {
            double wf = chosen[f] ? 0 : weight == null ? 1 : weight[f];
            if (wf > 0) {
                last = f;
                u -= wf;
                if (u < 0) {
                    return f;
                }
            }
        }
        return last; // rounding: the last expert with weight
    }
}
