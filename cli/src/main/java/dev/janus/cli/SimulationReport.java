package dev.janus.cli;

import dev.janus.comm.scaling.sim.PolicyOutcome;
import dev.janus.comm.scaling.sim.SimPolicy;
import dev.janus.comm.scaling.sim.SimulationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code simulate}'s table and CSV files. */
final class SimulationReport {

    /** Timeline rows are means over this many seconds (a day: 1,440 rows). */
    static final double TIMELINE_SECONDS = 60;

    private SimulationReport() {
    }

    static void table(SimulationResult r, String model, String profile, double sloMs, PrintStream out) {
        out.printf(Locale.ROOT, "%s on %s, TPOT SLO %.0f ms, trace %s: %.3g requests over %.1f h (slices of %.0f s)%n",
                model, profile, sloMs, r.trace(), r.requests(), r.traceSeconds() / 3600, r.sliceSeconds());
        out.printf(Locale.ROOT, "%-11s %-15s %10s %13s %13s %10s %9s %8s%n", "policy", "first shape", "GPU-hours",
                "SLO attained", "tok/s/GPU@SLO", "mean GPUs", "peak GPUs", "changes");
        for (PolicyOutcome o : r.outcomes()) {
            if (!o.feasible()) {
                out.printf(Locale.ROOT, "%-11s infeasible: %s%n", o.policy().label(), o.reason());
                continue;
            }
            out.printf(Locale.ROOT, "%-11s %-15s %10.1f %13.4f %13.1f %10.1f %9d %8d%n", o.policy().label(),
                    o.firstShape(), o.gpuHours(), o.sloAttainment(), o.goodputPerGpu(), o.meanGpus(), o.peakGpus(),
                    o.changes());
        }
        out.printf(Locale.ROOT, "janus vs monolithic: %.2fx tokens/s per GPU at the SLO, %.1f %% fewer GPU-hours;"
                        + " vs static: %.2fx, %.1f %%%n", r.gainOver(SimPolicy.MONOLITHIC),
                100 * r.gpuHourSavingOver(SimPolicy.MONOLITHIC), r.gainOver(SimPolicy.STATIC),
                100 * r.gpuHourSavingOver(SimPolicy.STATIC));
        out.printf(Locale.ROOT, "simulated in %.2f s (%.3g requests/s of wall time)%n", r.wallSeconds(),
                r.requestsPerWallSecond());
    }

    static void writeCsv(SimulationResult r, List<SimulationResult> sweep, double sloMs, Path dir) throws IOException {
        StringBuilder summary = new StringBuilder("policy,feasible,gpu_hours,slo_attainment,tokens_per_s_per_gpu_at_slo,"
                + "tokens_per_s_per_gpu,mean_gpus,peak_gpus,changes,first_shape\n");
        for (PolicyOutcome o : r.outcomes()) {
            summary.append(String.format(Locale.ROOT, "%s,%s,%.3f,%.5f,%.3f,%.3f,%.3f,%d,%d,%s%n", o.policy().label(),
                    o.feasible(), o.gpuHours(), o.sloAttainment(), o.goodputPerGpu(), o.tokensPerSecondPerGpu(),
                    o.meanGpus(), o.peakGpus(), o.changes(), o.firstShape()));
        }
        Files.writeString(dir.resolve("summary.csv"), summary);

        StringBuilder sweepCsv = new StringBuilder("slo_ms,policy,slo_attainment,tokens_per_s_per_gpu_at_slo,gpu_hours\n");
        for (int i = 0; i < sweep.size(); i++) {
            for (PolicyOutcome o : sweep.get(i).outcomes()) {
                sweepCsv.append(String.format(Locale.ROOT, "%.3f,%s,%.5f,%.3f,%.3f%n", sloMs * SimulateCommand.SWEEP[i],
                        o.policy().label(), o.sloAttainment(), o.goodputPerGpu(), o.gpuHours()));
            }
        }
        Files.writeString(dir.resolve("sweep.csv"), sweepCsv);

        StringBuilder timeline = new StringBuilder("time_s");
        for (PolicyOutcome o : r.outcomes()) {
            timeline.append(",gpus_").append(o.policy().label()).append(",tpot_ms_").append(o.policy().label());
        }
        timeline.append('\n');
        double[][] gpus = new double[r.outcomes().size()][];
        double[][] tpot = new double[r.outcomes().size()][];
        for (int p = 0; p < gpus.length; p++) {
            gpus[p] = means(r.outcomes().get(p).gpus(), r.sliceSeconds());
            tpot[p] = means(r.outcomes().get(p).tpotMs(), r.sliceSeconds());
        }
        int rows = (int) Math.ceil(r.traceSeconds() / TIMELINE_SECONDS);
        for (int row = 0; row < rows; row++) {
            timeline.append(String.format(Locale.ROOT, "%.0f", row * TIMELINE_SECONDS));
            for (int p = 0; p < gpus.length; p++) {
                timeline.append(String.format(Locale.ROOT, ",%.3f,%.3f", at(gpus[p], row), at(tpot[p], row)));
            }
            timeline.append('\n');
        }
        Files.writeString(dir.resolve("timeline.csv"), timeline);
    }

    /** Means over windows of {@link #TIMELINE_SECONDS} (empty for an infeasible policy). */
    static double[] means(float[] perSlice, double sliceSeconds) {
        int w = Math.max(1, (int) Math.round(TIMELINE_SECONDS / sliceSeconds));
        double[] means = new double[(perSlice.length + w - 1) / w];
        for (int i = 0; i < perSlice.length; i++) {
            means[i / w] += perSlice[i] / (double) Math.min(w, perSlice.length - (i / w) * w);
        }
        return means;
    }

    private static double at(double[] values, int i) {
        return i < values.length ? values[i] : Double.NaN;
    }
}
