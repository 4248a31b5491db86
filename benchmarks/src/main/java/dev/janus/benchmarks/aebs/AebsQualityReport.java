package dev.janus.benchmarks.aebs;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.SchedulerOptions;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plan quality per policy: mean and p99 of a_max (distinct activated experts on the busiest MoE
 * instance, which sets MoE latency) and of the maximum rows (token, expert pairs) per instance,
 * on uniform, Zipf 0.8 and Zipf 1.2 routing, and on routing recorded from a real model run
 * ({@link RoutingTraceRecorder}, when a trace is given), with 0 %, 12.5 % and 25 % redundant
 * slots. Every policy sees the same batches. Prints a table, writes CSV and draws a PNG of the
 * CSV ({@link AebsQualityPlot}, same name with .png).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.janus.benchmarks.aebs.AebsQualityReport
 * [tokens topK logical instances batches csv [trace]]} (default 256 8 256 32 2000
 * benchmarks/results/aebs-quality.csv, no trace). A trace must have the given logical experts
 * and top-k.
 */
public final class AebsQualityReport {

    record Variant(String name, SchedulingPolicy policy, boolean spread) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("static", SchedulingPolicy.STATIC, false),
            new Variant("random", SchedulingPolicy.RANDOM, false),
            new Variant("round-robin", SchedulingPolicy.ROUND_ROBIN, false),
            new Variant("aebs", SchedulingPolicy.AEBS, false),
            new Variant("aebs-rep", SchedulingPolicy.AEBS_REP, false),
            new Variant("aebs+", SchedulingPolicy.AEBS_PLUS, false),
            new Variant("aebs-rep+spread", SchedulingPolicy.AEBS_REP, true),
            new Variant("aebs+ +spread", SchedulingPolicy.AEBS_PLUS, true));

    public static void main(String[] args) throws IOException {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int topK = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int logical = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int instances = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int batches = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        Path csv = Path.of(args.length > 5 ? args[5] : "benchmarks/results/aebs-quality.csv");
        RecordedRouting recorded = null;
        if (args.length > 6) {
            recorded = new RecordedRouting(RoutingTraceReader.read(Path.of(args[6])));
            if (recorded.experts() != logical || recorded.topK() != topK) {
                throw new IllegalArgumentException("trace " + args[6] + " has E=" + recorded.experts() + " k="
                        + recorded.topK() + ", the report E=" + logical + " k=" + topK);
            }
            System.out.printf(Locale.ROOT, "recorded routing %s: %d layers, >= %d tokens each, hottest/mean expert %.2f%n",
                    args[6], recorded.layers(), recorded.minTokensPerLayer(), recorded.meanImbalance());
        }
        List<String> routings = new ArrayList<>(List.of("uniform", "zipf0.8", "zipf1.2"));
        if (recorded != null) {
            routings.add("recorded");
        }

        List<String> lines = new ArrayList<>();
        lines.add("tokens,topk,logical,instances,routing,redundant_pct,physical,policy,"
                + "amax_mean,amax_p99,maxrows_mean,maxrows_p99");
        System.out.printf(Locale.ROOT, "T=%d k=%d E=%d N=%d, %d batches per cell%n", tokens, topK, logical, instances, batches);
        System.out.printf(Locale.ROOT, "%-9s %6s %-16s %9s %8s %12s %11s%n",
                "routing", "redund", "policy", "amax mean", "amax p99", "maxrows mean", "maxrows p99");
        for (String routingName : routings) {
            for (double redundantShare : new double[] {0.0, 0.125, 0.25}) {
                int redundant = (int) Math.round(logical * redundantShare);
                RoutingSource workload = routingName.equals("recorded") ? recorded
                        : new RoutingWorkload(logical, routingName.equals("uniform") ? 0 : Double.parseDouble(routingName.substring(4)), 7);
                PlacementEpoch epoch = workload.placement(instances, redundant);
                RoutingDecision routing = new RoutingDecision();
                DispatchPlan plan = new DispatchPlan();
                PlanMetrics metrics = new PlanMetrics();
                int[][] aMax = new int[VARIANTS.size()][batches];
                long[][] maxRows = new long[VARIANTS.size()][batches];
                List<ActivationScheduler> schedulers = VARIANTS.stream()
                        .map(v -> v.policy().create(SchedulerOptions.DEFAULT.withSeed(3).withSpreadTokens(v.spread())))
                        .toList();
                SplittableRandom random = new SplittableRandom(13);
                for (int b = 0; b < batches; b++) {
                    int layer = workload.fill(routing, random, tokens, topK);
                    for (int v = 0; v < VARIANTS.size(); v++) {
                        schedulers.get(v).schedule(routing, epoch, layer, plan);
                        metrics.measure(plan, epoch);
                        aMax[v][b] = metrics.aMax();
                        maxRows[v][b] = metrics.maxRows();
                    }
                }
                for (int v = 0; v < VARIANTS.size(); v++) {
                    double aMean = Arrays.stream(aMax[v]).average().orElse(0);
                    int aP99 = (int) p99(Arrays.stream(aMax[v]).asLongStream().toArray());
                    double rMean = Arrays.stream(maxRows[v]).average().orElse(0);
                    long rP99 = p99(maxRows[v]);
                    String pct = String.format(Locale.ROOT, "%.1f", redundantShare * 100);
                    System.out.printf(Locale.ROOT, "%-9s %5s%% %-16s %9.2f %8d %12.1f %11d%n",
                            routingName, pct, VARIANTS.get(v).name(), aMean, aP99, rMean, rP99);
                    lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%d,%s,%.3f,%d,%.2f,%d", tokens, topK,
                            logical, instances, routingName, pct, epoch.physicalExperts(), VARIANTS.get(v).name(),
                            aMean, aP99, rMean, rP99));
                }
            }
        }
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        Files.write(csv, lines);
        Path png = csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".png");
        AebsQualityPlot.draw(csv, png, String.format(Locale.ROOT, "T=%d, k=%d, E=%d, N=%d", tokens, topK, logical, instances));
        System.out.println("wrote " + csv + " and " + png);
    }

    /** Nearest-rank 99th percentile. */
    static long p99(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)];
    }
}
