package dev.janus.comm.scaling.sim;

import dev.janus.comm.scaling.CommPolicy;
import dev.janus.comm.scaling.Deployment;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.Sizing;
import java.util.HashMap;
import java.util.Map;

/**
 * The planner's sizings for a rate rounded up to a 1 % geometric grid, cached: the scaler asks
 * every replan interval, and over a day the rate visits a few hundred grid points at most, so a
 * 24 h run costs a few hundred planner calls rather than one per decision. Rounding up keeps the
 * planner's answer safe for the true rate (more load never needs fewer GPUs).
 */
final class SizingCache {

    private static final double STEP = Math.log(1.01);

    private final Planner planner;
    private final PlannerOptions options;
    private final int prompt;
    private final int output;
    private final double sloMs;
    private final Map<Long, Sizing> sizings = new HashMap<>();

    SizingCache(Planner planner, PlannerOptions options, double prompt, double output, double sloMs) {
        this.planner = planner;
        this.options = options;
        this.prompt = (int) Math.round(prompt);
        this.output = Math.max(1, (int) Math.round(output));
        this.sloMs = sloMs;
    }

    Sizing sizing(SimPolicy policy, double rate) {
        long bucket = (long) Math.ceil(Math.log(Math.max(rate, 1e-3)) / STEP);
        return sizings.computeIfAbsent(bucket * 4 + policy.ordinal(), k -> {
            PlanRequest request = new PlanRequest(Math.exp(bucket * STEP), prompt, output, sloMs);
            return switch (policy) {
                case MONOLITHIC -> planner.sizeMonolithic(request);
                case STATIC -> planner.sizeStatic(request);
                case JANUS -> planner.sizeJanus(request);
            };
        });
    }

    /** The deployment the latency model evaluates for a feasible sizing of a policy. */
    Deployment deployment(SimPolicy policy, Sizing s) {
        int m = options.maxMicroBatches();
        return switch (policy) {
            case MONOLITHIC -> Deployment.colocated(s.gpus(), s.redundantSlots(), CommPolicy.DIRECT, m);
            case STATIC -> Deployment.disaggregated(s.attentionInstances(), s.moeInstances(), 0, CommPolicy.DIRECT, m);
            case JANUS -> Deployment.disaggregated(s.attentionInstances(), s.moeInstances(), s.redundantSlots(),
                    options.comm(), m);
        };
    }

    int plannerCalls() {
        return sizings.size();
    }
}
