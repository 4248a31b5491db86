package dev.janus.comm.scaling.sim;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.scaling.AMaxSource;
import dev.janus.comm.scaling.AnalyticAMax;
import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.ReplayedAMax;
import dev.janus.comm.scaling.RoutingPool;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.stats.RoutingTraceReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The routing the simulator's planners assume, i.e. where a_max(n_e, B) comes from (DESIGN.md §1.5):
 * <ul>
 *   <li>{@code uniform}: the analytic bound (AnalyticAMax) on uniform routing;</li>
 *   <li>{@code zipf:S}: skewed routing — expert popularity ∝ 1 / rank^S, a random rank order per
 *       layer — drawn as tokens (SyntheticRouting) and replayed through the real activation
 *       scheduler on the placement the placement policy makes for each (n_e, R) ({@link ReplayedAMax});</li>
 *   <li>a routing trace file (attention-service {@code --moe.stats.trace-file}): the recorded
 *       tokens replayed the same way; the model must have the trace's expert count.</li>
 * </ul>
 * The same skewed statistics feed the placement policy, so Janus replicates the hot experts
 * while the static baseline (no redundant slots) cannot: skew costs the three policies differently.
 *
 * @param aMax        the a_max source for every policy
 * @param load        the expert statistics the placements are planned from
 * @param hotOverMean the hottest expert's load over the mean, averaged over layers (1 = uniform)
 */
public record SimulatedRouting(String name, AMaxSource aMax, ExpertLoad load, double hotOverMean) {

    private static final long SCALE = 1_000_000;

    /** {@code uniform}, {@code zipf:S} or a routing trace file. */
    public static SimulatedRouting parse(String spec, ModelDescription model, long seed) {
        int layers = model.moeLayers();
        int experts = model.experts();
        if (spec.equals("uniform")) {
            return new SimulatedRouting("uniform (analytic a_max)", AnalyticAMax.of(model),
                    ExpertLoad.uniform(layers, experts), 1);
        }
        if (spec.startsWith("zipf:")) {
            double s = exponent(spec);
            ExpertLoad load = zipf(layers, experts, s, seed);
            ReplayedAMax replayed = ReplayedAMax.synthetic(load, CoActivation.none(layers, experts), model.topK(),
                    new int[] {0}, seed);
            return new SimulatedRouting(String.format(Locale.ROOT, "zipf s=%.2f (replayed a_max)", s), replayed, load,
                    hotOverMean(load));
        }
        RoutingTraceReader.Trace trace = RoutingTraceReader.read(Path.of(spec));
        if (trace.experts() != experts || trace.topK() != model.topK()) {
            throw new IllegalArgumentException("routing trace " + spec + " has " + trace.experts() + " experts, top-"
                    + trace.topK() + "; the model " + model.name() + " has " + experts + ", top-" + model.topK());
        }
        RoutingPool pool = RoutingPool.fromTrace(trace);
        ExpertLoad load = loadOf(pool, layers);
        ReplayedAMax replayed = new ReplayedAMax(pool, load, CoActivation.none(load.layers(), experts),
                PlacementPolicy.fromName(PlacementPolicy.DEFAULT),
                SchedulingPolicy.DEFAULT, ReplayedAMax.DEFAULT_GRID);
        return new SimulatedRouting("trace " + spec + " (replayed a_max)", replayed, load, hotOverMean(load));
    }

    /** A planner on this routing. */
    public Planner planner(ModelDescription model, HardwareProfile profile, PlannerOptions options) {
        return new Planner(model, profile, aMax, options, load, CoActivation.none(load.layers(), load.experts()));
    }

    /** Expert popularity ∝ 1 / rank^s in every layer, each layer its own random order of the experts. */
    public static ExpertLoad zipf(int layers, int experts, double s, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[][] counts = new long[layers][experts];
        for (int l = 0; l < layers; l++) {
            int[] order = IntStream.range(0, experts).toArray();
            for (int i = experts - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int rank = 0; rank < experts; rank++) {
                counts[l][order[rank]] = Math.max(1, Math.round(SCALE / Math.pow(rank + 1, s)));
            }
        }
        return ExpertLoad.of(counts);
    }

    static double hotOverMean(ExpertLoad load) {
        long[] c = load.counts();
        double sum = 0;
        for (int l = 0; l < load.layers(); l++) {
            long max = 0;
            double total = 0;
            for (int e = 0; e < load.experts(); e++) {
                max = Math.max(max, c[l * load.experts() + e]);
                total += c[l * load.experts() + e];
            }
            sum += total > 0 ? max / (total / load.experts()) : 1;
        }
        return sum / load.layers();
    }

    /** Counts of the pooled layers; every model layer without its own row gets the pooled layers' sum. */
    private static ExpertLoad loadOf(RoutingPool pool, int modelLayers) {
        int[] ids = pool.layers();
        int rows = Math.max(modelLayers, Arrays.stream(ids).max().orElse(0) + 1);
        long[][] counts = new long[rows][pool.experts()];
        long[] all = new long[pool.experts()];
        int[][] pooled = pool.rows();
        for (int p = 0; p < ids.length; p++) {
            for (int expert : pooled[p]) {
                counts[ids[p]][expert]++;
                all[expert]++;
            }
        }
        Set<Integer> own = Arrays.stream(ids).boxed().collect(Collectors.toSet());
        for (int l = 0; l < rows; l++) {
            if (!own.contains(l)) {
                counts[l] = all.clone();
            }
        }
        return ExpertLoad.of(counts);
    }

    private static double exponent(String spec) {
        try {
            double s = Double.parseDouble(spec.substring(5));
            if (!(s >= 0) || s > 4) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--routing zipf:S needs 0 <= S <= 4, got '" + spec + "'");
        }
    }
}
