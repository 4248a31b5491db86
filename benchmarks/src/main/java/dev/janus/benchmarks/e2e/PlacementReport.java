package dev.janus.benchmarks.e2e;

import dev.janus.comm.placement.policy.LayerEffect;
import dev.janus.comm.placement.policy.PlanEffect;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link PlacementEndToEndBenchmark}'s tables and result lines for one workload: per batch size a
 * row per placement and the ratios against the first (the baseline); the timed applies.
 */
final class PlacementReport {

    private final String workload;
    private final List<String> placements;
    private final List<long[]> applies = new ArrayList<>();   // {prepare, commit, release, total} ns
    private final List<Long> firstSteps = new ArrayList<>();  // ns, the step right after each apply of this batch

    PlacementReport(String workload, List<String> placements) {
        this.workload = workload;
        this.placements = placements;
    }

    void addApply(LiveEpochSwitch.Timing t, long firstStepNanos) {
        applies.add(new long[] {t.prepare(), t.commit(), t.release(), t.total()});
        firstSteps.add(firstStepNanos);
    }

    /** Prints the batch's table; returns its result line (step ratios baseline / placement: > 1 = faster). */
    String print(int batch, PolicyTally[] t, PlanEffect[] replay, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s batch %d: %-11s %7s %7s %7s | %6s %14s %8s | %8s %9s %8s %8s | %6s%n", workload,
                batch, "placement", "p50", "p90", "mean", "a_max", "replayed (p99)", "max rows", "MoE wall",
                "inst wall", "inst cpu", "all cpu", "others");
        for (int p = 0; p < t.length; p++) {
            out.printf(Locale.ROOT, "%s          %-11s %7.2f %7.2f %7.2f | %6.2f %7.2f (%5.2f) %8.1f | %8.2f %9.2f %8.2f"
                            + " %8.2f | %6.2f  (%d steps)%n", " ".repeat(workload.length()), placements.get(p),
                    t[p].stepMillis(0.5), t[p].stepMillis(0.9), t[p].meanStepMillis(), t[p].meanAMax(),
                    replay[p].meanAMax(), p99(replay[p]), t[p].meanMaxRows(), t[p].moeWallMillisPerStep(),
                    t[p].slowestInstanceWallMillisPerStep(), t[p].slowestInstanceMillisPerStep(),
                    t[p].allInstancesMillisPerStep(), t[p].othersCores(), t[p].steps());
        }
        long[] first = firstSteps.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(Locale.ROOT, "first step after each of the %d applies: median %.2f ms (the block steps' p50: %.2f ms)%n",
                first.length, first[first.length / 2] / 1e6, t[0].stepMillis(0.5));
        firstSteps.clear();
        StringBuilder steps = new StringBuilder();
        StringBuilder aMax = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        for (int p = 1; p < t.length; p++) {
            String pair = placements.getFirst() + " / " + placements.get(p);
            steps.append(String.format(Locale.ROOT, "%s%s %.3f p50 (%.3f mean)", p == 1 ? "" : ", ", pair,
                    t[0].stepMillis(0.5) / t[p].stepMillis(0.5), t[0].meanStepMillis() / t[p].meanStepMillis()));
            cpu.append(String.format(Locale.ROOT, "%s%.3f", p == 1 ? "" : ", ", t[0].slowestInstanceMillisPerStep()
                    / t[p].slowestInstanceMillisPerStep()));
        }
        for (int p = 0; p < t.length; p++) {
            aMax.append(String.format(Locale.ROOT, "%s%s %.2f / %.2f", p == 0 ? "" : " -> ", placements.get(p),
                    t[p].meanAMax(), replay[p].meanAMax()));
        }
        String line = String.format(Locale.ROOT, "RESULT %s batch %d: step latency %s | slowest-instance cpu %s"
                + " (> 1: faster than %s) | a_max live / replayed: %s", workload, batch, steps, cpu,
                placements.getFirst(), aMax);
        out.println(line);
        return line;
    }

    /** Prints and returns the apply times over every batch of the workload. */
    String printApplies(int instances, String served, PrintStream out) {
        double[] total = column(3);
        String line = String.format(Locale.ROOT, "RESULT %s apply (N = %d, in-process, %d applies): total median %.1f ms"
                        + " (p90 %.1f, max %.1f) = prepare %.1f + commit & await unused %.2f + release %.1f (medians)",
                workload, instances, total.length, total[total.length / 2], total[(int) Math.ceil(0.9 * total.length) - 1],
                total[total.length - 1], median(column(0)), median(column(1)), median(column(2)));
        out.printf("%s%nversions served per instance at the end: %s%n", line, served);
        return line;
    }

    private double[] column(int c) {
        return applies.stream().mapToDouble(a -> a[c] / 1e6).sorted().toArray();
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    /** The per-layer p99 a_max, averaged over layers (as PlacementPolicyBench reports it). */
    private static double p99(PlanEffect e) {
        return e.layers().stream().mapToDouble(LayerEffect::p99AMax).average().orElse(0);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
