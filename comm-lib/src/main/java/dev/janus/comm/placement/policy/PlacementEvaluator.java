package dev.janus.comm.placement.policy;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.DispatchPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Predicts what a placement would do by replaying routing through the activation scheduler the
 * attention instances run (default {@code aebs-rep}): per layer, a_max and the most rows one
 * instance serves, as {@link PlanMetrics} measures them. The routing is recorded
 * ({@code RoutingTraceReader} files, or a sample of recent routing), or, when there is none,
 * synthesised from the statistics ({@link #evaluateSynthetic}, {@link SyntheticRouting}).
 * Pure; thread-safe.
 */
public final class PlacementEvaluator {

    private final ActivationScheduler scheduler;

    public PlacementEvaluator() {
        this(SchedulingPolicy.DEFAULT);
    }

    public PlacementEvaluator(SchedulingPolicy policy) {
        this.scheduler = policy.create();
    }

    /**
     * Replays {@code routing} ((layer, decision) pairs) over {@code placement}.
     *
     * @throws IllegalArgumentException if an entry's layer or expert ids do not fit the placement
     */
    public PlanEffect evaluate(Placement placement, List<RoutingTraceReader.Entry> routing) {
        PlacementEpoch epoch = placement.toEpoch(0);
        Map<Integer, List<int[]>> perLayer = new TreeMap<>(); // layer -> [a_max, max rows] per batch
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        for (RoutingTraceReader.Entry entry : routing) {
            int layer = entry.layer();
            if (layer < 0 || layer >= placement.layers()) {
                throw new IllegalArgumentException("routing for layer " + layer + ", the placement has "
                        + placement.layers() + " layers");
            }
            for (int row = 0; row < entry.routing().tokens() * entry.routing().topK(); row++) {
                int e = entry.routing().expertOfRow(row);
                if (e < 0 || e >= placement.experts()) {
                    throw new IllegalArgumentException("routing for layer " + layer + " names expert " + e
                            + ", the placement has " + placement.experts());
                }
            }
            scheduler.schedule(entry.routing(), epoch, layer, plan);
            metrics.measure(plan, epoch);
            perLayer.computeIfAbsent(layer, l -> new ArrayList<>()).add(new int[] {metrics.aMax(),
                    (int) Math.min(Integer.MAX_VALUE, metrics.maxRows())});
        }
        List<LayerEffect> effects = new ArrayList<>();
        perLayer.forEach((layer, batches) -> effects.add(summarise(layer, batches)));
        return new PlanEffect(effects);
    }

    /**
     * Replays {@link SyntheticRouting} batches drawn from the statistics, for when no routing
     * sample exists. Deterministic for a seed.
     */
    public PlanEffect evaluateSynthetic(Placement placement, ExpertLoad load, CoActivation coActivation,
                                        int batchesPerLayer, int batchTokens, int topK, long seed) {
        return evaluate(placement, SyntheticRouting.batches(load, coActivation, batchesPerLayer, batchTokens, topK, seed));
    }

    /** Layer by layer (layers both have), after against before. */
    public static PlanComparison compare(PlanEffect before, PlanEffect after) {
        List<PlanComparison.LayerChange> changes = new ArrayList<>();
        for (LayerEffect b : before.layers()) {
            LayerEffect a = after.layer(b.layer());
            if (a != null) {
                changes.add(new PlanComparison.LayerChange(b.layer(), b, a));
            }
        }
        return new PlanComparison(changes, before.meanAMax(), after.meanAMax());
    }

    private static LayerEffect summarise(int layer, List<int[]> batches) {
        int n = batches.size();
        int[] aMax = new int[n];
        double sumAMax = 0;
        double sumRows = 0;
        long maxRows = 0;
        for (int b = 0; b < n; b++) {
            aMax[b] = batches.get(b)[0];
            sumAMax += aMax[b];
            sumRows += batches.get(b)[1];
            maxRows = Math.max(maxRows, batches.get(b)[1]);
        }
        Arrays.sort(aMax);
        int rank = (int) Math.ceil(0.99 * n) - 1; // nearest rank
        return new LayerEffect(layer, n, sumAMax / n, aMax[Math.max(0, rank)], sumRows / n, maxRows);
    }
}
