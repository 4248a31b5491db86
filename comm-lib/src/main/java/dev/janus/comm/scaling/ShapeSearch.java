package dev.janus.comm.scaling;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The planner's search over one family of shapes for one request: GPU counts in ascending order,
 * the first count with a shape that reaches a steady batch within the SLO and fits its KV cache
 * wins, ties (same count) to the lower TPOT. If none does, the reason says which constraint failed.
 */
final class ShapeSearch {

    private final TpotModel model;
    private final MemoryBudget memory;
    private final PlanRequest request;
    private final boolean chunkedPrefill;

    ShapeSearch(TpotModel model, MemoryBudget memory, PlanRequest request, PrefillMode prefill) {
        this.model = model;
        this.memory = memory;
        this.request = request;
        this.chunkedPrefill = prefill == PrefillMode.CHUNKED;
    }

    /** The step load at step time τ: Little's law on decode (and prompt) tokens. */
    StepLoad load(double tauNanos) {
        double seconds = tauNanos * 1e-9;
        return new StepLoad(request.decodeTokensPerSecond() * seconds,
                chunkedPrefill ? request.prefillTokensPerSecond() * seconds : 0,
                request.decodeContext(), request.promptTokens() / 2.0);
    }

    Sizing search(int minGpus, int maxGpus, IntFunction<List<Deployment>> shapesWithGpus, String bounds) {
        double slo = request.sloNanos();
        int sloMet = 0;
        for (int g = minGpus; g <= maxGpus; g++) {
            Sizing best = null;
            for (Deployment d : shapesWithGpus.apply(g)) {
                double tau = SteadyBatch.stepTime(t -> model.tpotNanos(d, load(t)), slo);
                if (Double.isNaN(tau)) {
                    continue;
                }
                sloMet++;
                StepLoad steady = load(tau);
                double resident = steady.decodeTokens() * request.decodeContext() / d.attentionInstances();
                if (!memory.kvFits(resident, kvBytes(d))) {
                    continue;
                }
                double tpot = model.tpotNanos(d, steady);
                if (best == null || tpot < best.predictedTpotMs() * 1e6) {
                    best = Sizing.of(d, steady.decodeTokens(), tpot, request.decodeTokensPerSecond(),
                            model.bestMicroBatches(d, steady));
                }
            }
            if (best != null) {
                return best;
            }
        }
        return infeasible(minGpus, maxGpus, shapesWithGpus, bounds, sloMet > 0);
    }

    private Sizing infeasible(int minGpus, int maxGpus, IntFunction<List<Deployment>> shapes, String bounds,
                              boolean sloMetSomewhere) {
        double floor = Double.POSITIVE_INFINITY;
        Deployment fastest = null;
        for (int g = minGpus; g <= maxGpus; g++) {
            for (Deployment d : shapes.apply(g)) {
                double t = model.tpotNanos(d, load(0));
                if (t < floor) {
                    floor = t;
                    fastest = d;
                }
            }
        }
        if (fastest == null) {
            return Sizing.infeasible(FailedConstraint.EXPERT_MEMORY, "no shape fits within " + bounds);
        }
        if (request.sloNanos() < floor) {
            return Sizing.infeasible(FailedConstraint.SLO_BELOW_MINIMUM_TPOT, String.format(
                    "the TPOT SLO of %.3f ms is below the minimum possible TPOT %.3f ms (an empty batch on %d attention"
                            + " + %d MoE instances, the fastest shape within %s)", request.sloTpotMs(), floor / 1e6,
                    fastest.attentionInstances(), fastest.moeInstances(), bounds));
        }
        if (sloMetSomewhere) {
            return Sizing.infeasible(FailedConstraint.KV_MEMORY, String.format("every shape within %s that meets"
                    + " %.3f ms at %.0f decode tokens/s needs more KV cache per attention instance than the %.1f GB"
                    + " left beside the weights", bounds, request.sloTpotMs(), request.decodeTokensPerSecond(),
                    kvBytes(fastest) / 1e9));
        }
        return Sizing.infeasible(FailedConstraint.LOAD_EXCEEDS_CAPACITY, String.format("no shape within %s reaches a"
                + " steady batch with TPOT <= %.3f ms at %.0f decode tokens/s", bounds, request.sloTpotMs(),
                request.decodeTokensPerSecond()));
    }

    private double kvBytes(Deployment d) {
        if (d.kind() == Deployment.Kind.COLOCATED) {
            int slots = (memory.experts() + d.redundantSlots() + d.gpus() - 1) / d.gpus();
            return memory.colocatedKvBytes(slots);
        }
        return memory.attentionKvBytes();
    }
}
