package dev.janus.cli;

import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.PrefillMode;
import dev.janus.comm.scaling.sim.BaselineSizing;
import dev.janus.comm.scaling.sim.ClusterSimulator;
import dev.janus.comm.scaling.sim.CsvTrace;
import dev.janus.comm.scaling.sim.SimulationOptions;
import dev.janus.comm.scaling.sim.SimulatedRouting;
import dev.janus.comm.scaling.sim.SimulationResult;
import dev.janus.comm.scaling.sim.SliceTrace;
import dev.janus.comm.scaling.sim.SyntheticTraces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate}: the paper's cluster comparison (§4; issue 12 §4) on a trace — monolithic,
 * static disaggregation and Janus, each sized by its own planner on the same latency model
 * ({@link ClusterSimulator}). Prints the table; with {@code --out} writes CSV and PNG/SVG charts.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Simulate monolithic, static disaggregation and Janus on a request trace.",
                "Prints tokens/s per GPU at the SLO, SLO attainment and GPU-hours per policy; with --out also"
                        + " summary.csv, timeline.csv, sweep.csv and gpus-over-time / throughput-vs-attainment charts"
                        + " (PNG and SVG)."})
final class SimulateCommand implements Callable<Integer> {

    static final double[] SWEEP = {0.5, 0.75, 1, 1.5, 2};

    @Option(names = "--trace", required = true, paramLabel = "poisson|diurnal|FILE",
            description = "Poisson at --rate, a BurstGPT-shaped day around a mean --rate, or a CSV (" + CsvTrace.HEADER + ")")
    String trace;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "R", description = "requests/s (diurnal: the day's mean; default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--hours", defaultValue = "24", paramLabel = "H", description = "synthetic trace length (default ${DEFAULT-VALUE})")
    double hours;

    @Option(names = "--model", required = true, paramLabel = "NAME|HF_DIR", description = "deepseek-v2-like, qwen3-235b-like, deepseek-v3-like or an HF config.json directory")
    String model;

    @Option(names = "--profile", defaultValue = "h100-sxm", paramLabel = "NAME|FILE", description = "h100-sxm, h200-sxm or a profile JSON (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--slo-ms", required = true, paramLabel = "S", description = "TPOT SLO in milliseconds")
    double sloMs;

    @Option(names = "--prompt-tokens", defaultValue = "1024", paramLabel = "P", description = "synthetic prompt length (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--output-tokens", defaultValue = "256", paramLabel = "O", description = "synthetic output length (default ${DEFAULT-VALUE})")
    int outputTokens;

    @Option(names = "--slice-s", defaultValue = "1", paramLabel = "Δ", description = "simulation slice in seconds (default ${DEFAULT-VALUE})")
    double sliceSeconds;

    @Option(names = "--max-instances", defaultValue = "512", paramLabel = "N", description = "n_a and n_e each tried up to N (default ${DEFAULT-VALUE})")
    int maxInstances;

    @Option(names = "--micro-batches", defaultValue = "2", paramLabel = "M", description = "ping-pong micro-batches, 1 = no overlap (default ${DEFAULT-VALUE})")
    int microBatches;

    @Option(names = "--prefill", defaultValue = "chunked", paramLabel = "chunked|separate", description = "prompts in the decode steps or elsewhere (default ${DEFAULT-VALUE})")
    String prefill;

    @Option(names = "--baseline-sizing", defaultValue = "peak", paramLabel = "peak|mean", description = "load the fixed-size baselines are planned for (default ${DEFAULT-VALUE})")
    String baselineSizing;

    @Option(names = "--static-ratio", defaultValue = "1.0", paramLabel = "X", description = "the static baseline's n_a / n_e (default ${DEFAULT-VALUE})")
    double staticRatio;

    @Option(names = "--routing", defaultValue = "uniform", paramLabel = "uniform|zipf:S|FILE",
            description = "where a_max comes from: uniform routing (analytic bound), Zipf-skewed expert popularity"
                    + " or a routing trace (--moe.stats.trace-file), both replayed through the activation scheduler"
                    + " (default ${DEFAULT-VALUE})")
    String routing;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "synthetic trace seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "write CSV and charts here (created)")
    Path outDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private final PrintStream out;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        if (!(sloMs > 0) || !(sliceSeconds > 0) || maxInstances < 1 || microBatches < 1) {
            throw new IllegalArgumentException("--slo-ms and --slice-s must be > 0, --max-instances and --micro-batches >= 1");
        }
        SliceTrace slices = trace();
        PlannerOptions options = new PlannerOptions(maxInstances, maxInstances, microBatches,
                PlannerOptions.DEFAULTS.comm(), choice("--prefill", prefill, PrefillMode.values()),
                PlannerOptions.DEFAULTS.redundancyFraction(), staticRatio, PlannerOptions.DEFAULTS.placementPolicy());
        ModelDescription description = ModelDescriptions.load(model);
        SimulatedRouting routed = SimulatedRouting.parse(routing, description, seed);
        Planner planner = routed.planner(description, HardwareProfiles.load(profile), options);
        out.printf(Locale.ROOT, "routing: %s, hottest expert %.2f x the mean%n", routed.name(), routed.hotOverMean());
        SimulationOptions simulation = SimulationOptions.defaults(sloMs)
                .withBaselineSizing(choice("--baseline-sizing", baselineSizing, BaselineSizing.values()));
        SimulationResult result = new ClusterSimulator(planner, options, simulation).run(slices);
        SimulationReport.table(result, model, profile, sloMs, out);
        if (outDir != null) {
            List<SimulationResult> sweep = new ArrayList<>();
            for (double factor : SWEEP) {
                sweep.add(factor == 1 ? result : new ClusterSimulator(planner, options,
                        new SimulationOptions(sloMs * factor, simulation.replanSeconds(), simulation.scaleInCooldownSeconds(),
                                simulation.startupSeconds(), simulation.headroom(), simulation.baselineSizing())).run(slices));
            }
            Files.createDirectories(outDir);
            SimulationReport.writeCsv(result, sweep, sloMs, outDir);
            SimulationCharts.write(result, sweep, sloMs, model, outDir);
            out.println("wrote summary.csv, timeline.csv, sweep.csv, gpus-over-time.{png,svg} and"
                    + " throughput-vs-attainment.{png,svg} to " + outDir);
        }
        return 0;
    }

    private static <E extends Enum<E>> E choice(String option, String value, E[] values) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.stream(values)
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
    }

    private SliceTrace trace() {
        return switch (trace) {
            case "poisson" -> SyntheticTraces.poisson(rate, hours, sliceSeconds, promptTokens, outputTokens, seed);
            case "diurnal" -> SyntheticTraces.diurnal(rate, hours, sliceSeconds, promptTokens, outputTokens, seed);
            default -> CsvTrace.read(Path.of(trace), sliceSeconds);
        };
    }
}
