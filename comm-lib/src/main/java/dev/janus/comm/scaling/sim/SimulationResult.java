package dev.janus.comm.scaling.sim;

import java.util.List;

/**
 * A simulator run: one outcome per policy, in {@link SimPolicy} order, and how fast it ran.
 *
 * @param requests    requests in the trace
 * @param wallSeconds time the simulation took (planning included)
 */
public record SimulationResult(String trace, double sliceSeconds, double traceSeconds, double requests,
                               List<PolicyOutcome> outcomes, double wallSeconds) {

    public PolicyOutcome outcome(SimPolicy policy) {
        return outcomes.stream().filter(o -> o.policy() == policy).findFirst().orElseThrow();
    }

    /** Simulated requests per wall-clock second. */
    public double requestsPerWallSecond() {
        return requests / wallSeconds;
    }

    /** Janus's goodput per GPU over a baseline's (NaN when either is infeasible). */
    public double gainOver(SimPolicy baseline) {
        PolicyOutcome j = outcome(SimPolicy.JANUS);
        PolicyOutcome b = outcome(baseline);
        return j.feasible() && b.feasible() ? j.goodputPerGpu() / b.goodputPerGpu() : Double.NaN;
    }

    /** 1 − Janus's GPU-hours / a baseline's (NaN when either is infeasible). */
    public double gpuHourSavingOver(SimPolicy baseline) {
        PolicyOutcome j = outcome(SimPolicy.JANUS);
        PolicyOutcome b = outcome(baseline);
        return j.feasible() && b.feasible() ? 1 - j.gpuHours() / b.gpuHours() : Double.NaN;
    }
}
