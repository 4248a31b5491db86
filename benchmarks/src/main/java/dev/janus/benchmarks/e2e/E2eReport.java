package dev.janus.benchmarks.e2e;

import java.io.PrintStream;

/** The per-batch table of {@link SchedulingEndToEndBenchmark} and its result line. */
final class E2eReport {

    private E2eReport() {
    }

    static void printLegend(PrintStream out) {
        out.println("""
                columns: decode step wall time p50 / p90 / mean (ms); per MoE layer call the plan's a_max (activated \
                physical experts on the busiest instance), activated (all instances) and max rows (one instance); per \
                decode step, summed over the MoE layers (ms): 'MoE wall' the expert calls as the attention side waits \
                for them, 'inst wall' / 'inst cpu' the slowest instance's serving wall / CPU time ('inst cpu' = the MoE \
                time with a free core per instance), 'all cpu' all instances' CPU time (the work: equal for both \
                policies); 'others' = cores other processes used while the policy's blocks ran""");
    }

    /** Prints both policies' rows; returns the batch's result line (baseline / candidate, > 1: candidate faster). */
    static String print(int batch, PolicyTally[] t, PrintStream out) {
        out.printf("%nbatch %d: %-9s %7s %7s %7s | %6s %9s %8s | %8s %9s %8s %8s | %6s%n", batch, "policy", "p50",
                "p90", "mean", "a_max", "activated", "max rows", "MoE wall", "inst wall", "inst cpu", "all cpu", "others");
        for (PolicyTally p : t) {
            out.printf("          %-9s %7.2f %7.2f %7.2f | %6.2f %9.2f %8.1f | %8.2f %9.2f %8.2f %8.2f | %6.2f  (%d steps)%n",
                    p.policy(), p.stepMillis(0.5), p.stepMillis(0.9), p.meanStepMillis(), p.meanAMax(),
                    p.meanActivated(), p.meanMaxRows(), p.moeWallMillisPerStep(), p.slowestInstanceWallMillisPerStep(),
                    p.slowestInstanceMillisPerStep(), p.allInstancesMillisPerStep(), p.othersCores(), p.steps());
        }
        PolicyTally a = t[0];
        PolicyTally b = t[1];
        String line = String.format("RESULT batch %d: decode step latency %s / %s = %.3f p50, %.3f p90, %.3f mean"
                        + " | mean a_max %.2f vs %.2f | MoE wall %.3f | slowest-instance cpu %.3f  (> 1: %s faster)",
                batch, a.policy(), b.policy(), a.stepMillis(0.5) / b.stepMillis(0.5),
                a.stepMillis(0.9) / b.stepMillis(0.9), a.meanStepMillis() / b.meanStepMillis(),
                a.meanAMax(), b.meanAMax(), a.moeWallMillisPerStep() / b.moeWallMillisPerStep(),
                a.slowestInstanceMillisPerStep() / b.slowestInstanceMillisPerStep(), b.policy());
        out.println(line);
        return line;
    }
}
