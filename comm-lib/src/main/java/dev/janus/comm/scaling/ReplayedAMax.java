package dev.janus.comm.scaling;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

/**
 * a_max(n_e, B) measured the way PlacementEvaluator measures a placement: batches cut from a
 * {@link RoutingPool} (recorded or synthetic routing) are scheduled by the real activation
 * scheduler (default {@code aebs-rep}) on the placement the placement policy (default
 * {@code janus}) makes for n_e instances and R redundant slots, and PlanMetrics counts activated
 * experts and rows per instance. One {@link AMaxTable} per (n_e, R), built on first use and cached,
 * so the planner reads it in nanoseconds; {@link #warm} builds them ahead.
 *
 * <p>Cost of a table: one placement of the pooled layers, then for each grid batch size B up to
 * {@code min(32, pool tokens / B)} batches (at least 1) per pooled layer. The placement is planned
 * for the pooled layers' statistics only; the mean over pooled layers stands for every layer.
 * Thread-safe (schedulers keep per-thread scratch; the cache is concurrent).
 */
public final class ReplayedAMax implements AMaxSource {

    /** Batch sizes replayed: powers of two from 1 to 4096. */
    public static final int[] DEFAULT_GRID = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    private static final int MAX_BATCHES_PER_POINT = 32;

    private final RoutingPool pool;
    private final ExpertLoad load;          // statistics of the pooled layers, one row each
    private final CoActivation coActivation;
    private final PlacementPolicy placementPolicy;
    private final ActivationScheduler scheduler;
    private final int[] grid;
    private final ConcurrentHashMap<Long, AMaxTable> tables = new ConcurrentHashMap<>();

    /**
     * @param load         statistics with at least the pool's layers (rows are picked by the pool's layer ids)
     * @param coActivation pair counts of the same layers, or none
     */
    public ReplayedAMax(RoutingPool pool, ExpertLoad load, CoActivation coActivation, PlacementPolicy placementPolicy,
                        SchedulingPolicy scheduling, int[] grid) {
        if (load.experts() != pool.experts() || grid.length == 0 || grid[0] <= 0) {
            throw new IllegalArgumentException("the load must have the pool's " + pool.experts()
                    + " experts and the grid positive batch sizes");
        }
        for (int l = 0; l < pool.layerCount(); l++) {
            if (pool.tokens(l) < grid[grid.length - 1]) { // a wrapped batch would repeat tokens
                throw new IllegalArgumentException("pooled layer " + l + " has " + pool.tokens(l)
                        + " tokens, fewer than the largest batch replayed, " + grid[grid.length - 1]);
            }
        }
        this.pool = pool;
        int[] layers = pool.layers();
        this.load = LayerSubset.load(load, layers);
        this.coActivation = LayerSubset.coActivation(coActivation, layers);
        this.placementPolicy = placementPolicy;
        this.scheduler = scheduling.create();
        this.grid = grid.clone();
    }

    /** Synthetic routing from the statistics over the default grid, janus placement, aebs-rep scheduling. */
    public static ReplayedAMax synthetic(ExpertLoad load, CoActivation coActivation, int topK, int[] layers, long seed) {
        int tokens = 4 * DEFAULT_GRID[DEFAULT_GRID.length - 1];
        return new ReplayedAMax(RoutingPool.synthetic(load, coActivation, topK, layers, tokens, seed), load,
                coActivation, PlacementPolicy.fromName(PlacementPolicy.DEFAULT), SchedulingPolicy.DEFAULT, DEFAULT_GRID);
    }

    @Override
    public MoeActivity activity(int instances, int redundantSlots, double batchTokens) {
        return table(instances, redundantSlots).at(batchTokens);
    }

    /** The table of (n_e, R), replayed on first use. */
    public AMaxTable table(int instances, int redundantSlots) {
        return tables.computeIfAbsent(((long) instances << 32) | redundantSlots, k -> replay(instances, redundantSlots));
    }

    /** Builds the tables of n_e = 1..maxInstances with the redundancy {@code redundancy(n_e)}. */
    public void warm(int maxInstances, IntUnaryOperator redundancy) {
        for (int n = 1; n <= maxInstances; n++) {
            table(n, redundancy.applyAsInt(n));
        }
    }

    /** The placement replayed for (n_e, R), over the pooled layers. */
    public Placement placement(int instances, int redundantSlots) {
        ClusterShape shape = ClusterShape.forRedundantSlots(pool.experts(), instances, redundantSlots, 0);
        return placementPolicy.plan(load, coActivation, shape, Pins.NONE, redundantSlots);
    }

    private AMaxTable replay(int instances, int redundantSlots) {
        Placement placement = placement(instances, redundantSlots);
        PlacementEpoch epoch = placement.toEpoch(0);
        RoutingDecision routing = new RoutingDecision();
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        double[] aMax = new double[grid.length];
        double[] activated = new double[grid.length];
        double[] rows = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            int samples = 0;
            for (int l = 0; l < pool.layerCount(); l++) {
                int batches = Math.clamp(pool.tokens(l) / grid[g], 1, MAX_BATCHES_PER_POINT);
                for (int b = 0; b < batches; b++, samples++) {
                    pool.batch(l, b, grid[g], routing);
                    scheduler.schedule(routing, epoch, l, plan);
                    metrics.measure(plan, epoch);
                    aMax[g] += metrics.aMax();
                    rows[g] += metrics.maxRows();
                    for (int i = 0; i < instances; i++) {
                        activated[g] += (double) metrics.activated(i) / instances;
                    }
                }
            }
            aMax[g] /= samples;
            activated[g] /= samples;
            rows[g] /= samples;
        }
        return new AMaxTable(instances, placement.slotsPerInstance(), grid, aMax, activated, rows);
    }
}
