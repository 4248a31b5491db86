package dev.janus.comm.placement.policy;

import java.util.List;

/**
 * Two placements' effects side by side ({@link PlacementEvaluator#compare}), per layer both
 * have, ascending. Ratios are after / before: below 1 means the new placement is better.
 */
public record PlanComparison(List<LayerChange> layers, double meanAMaxBefore, double meanAMaxAfter) {

    /** One layer before and after. */
    public record LayerChange(int layer, LayerEffect before, LayerEffect after) {

        public double meanAMaxRatio() {
            return ratio(after.meanAMax(), before.meanAMax());
        }

        public double p99AMaxRatio() {
            return ratio(after.p99AMax(), before.p99AMax());
        }

        public double meanMaxTokensRatio() {
            return ratio(after.meanMaxTokens(), before.meanMaxTokens());
        }
    }

    public PlanComparison {
        layers = List.copyOf(layers);
    }

    /** Mean a_max over all batches, after / before. */
    public double meanAMaxRatio() {
        return ratio(meanAMaxAfter, meanAMaxBefore);
    }

    static double ratio(double after, double before) {
        return before == 0 ? (after == 0 ? 1 : Double.POSITIVE_INFINITY) : after / before;
    }
}
