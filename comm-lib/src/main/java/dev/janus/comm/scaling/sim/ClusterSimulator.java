package dev.janus.comm.scaling.sim;

import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.PrefillMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's cluster comparison (Janus, arXiv 2512.13525, §4; issue 12 §4) on one trace: monolithic
 * (SGLang-like) and static disaggregation (MegaScale-Infer-like), each sized once by the planner
 * for the trace's peak (or mean, {@link BaselineSizing}), against Janus, whose scaler re-plans
 * (n_a, n_e) with the same planner every {@link SimulationOptions#replanSeconds} for the rate it
 * observed, scaling out at once (new GPUs serve after the startup delay) and in only after a
 * cooldown. All three run on the same latency model ({@code TpotModel}) and the same trace.
 *
 * <p>A discrete-event simulation at slice granularity: the events are slice boundaries, the
 * scaler's decisions and scale-outs becoming ready; between them each cluster's decode batch moves
 * as a fluid ({@link FluidBatch}, which says why that is sound). Per-request events would be
 * 86 million arrivals and ~22 billion decode steps for 24 h at 1,000 requests/s; a slice of 1 s
 * holds ~1,000 of them, and the fluid's steady state is the planner's Little's-law batch, so
 * nothing the SLO depends on is lost. Pure and single-threaded; deterministic for a trace.
 */
public final class ClusterSimulator {

    private final Planner planner;
    private final PlannerOptions plannerOptions;
    private final SimulationOptions options;

    /** @param plannerOptions the options {@code planner} was built with (comm, micro-batches, prefill) */
    public ClusterSimulator(Planner planner, PlannerOptions plannerOptions, SimulationOptions options) {
        this.planner = planner;
        this.plannerOptions = plannerOptions;
        this.options = options;
    }

    public SimulationResult run(SliceTrace trace) {
        long start = System.nanoTime();
        double[] tokens = trace.meanTokens();
        SizingCache cache = new SizingCache(planner, plannerOptions, tokens[0], tokens[1], options.sloMs());
        double baselineRate = options.baselineSizing() == BaselineSizing.PEAK
                ? trace.peakRate(options.replanSeconds()) : trace.meanRate();
        List<PolicyOutcome> outcomes = new ArrayList<>();
        for (SimPolicy policy : SimPolicy.values()) {
            PolicyRun run = new PolicyRun(policy, trace, cache, options, tokens,
                    plannerOptions.prefill() == PrefillMode.CHUNKED, planner.tpotModel());
            outcomes.add(run.simulate(policy == SimPolicy.JANUS ? Double.NaN : baselineRate));
        }
        return new SimulationResult(trace.name(), trace.sliceSeconds(), trace.seconds(), trace.totalRequests(),
                List.copyOf(outcomes), (System.nanoTime() - start) * 1e-9);
    }
}
