package dev.janus.comm.placement.policy;

import java.util.List;

/**
 * Predicted effect of a placement, per layer that had batches to replay, ascending layer.
 */
public record PlanEffect(List<LayerEffect> layers) {

    public PlanEffect {
        layers = List.copyOf(layers);
    }

    /** The effect on one layer, or null if it had no batches. */
    public LayerEffect layer(int layer) {
        return layers.stream().filter(l -> l.layer() == layer).findFirst().orElse(null);
    }

    /** Mean a_max over all replayed batches of all layers. */
    public double meanAMax() {
        double sum = 0;
        long batches = 0;
        for (LayerEffect l : layers) {
            sum += l.meanAMax() * l.batches();
            batches += l.batches();
        }
        return batches == 0 ? 0 : sum / batches;
    }

    /** Mean over all replayed batches of the most rows one instance serves. */
    public double meanMaxTokens() {
        double sum = 0;
        long batches = 0;
        for (LayerEffect l : layers) {
            sum += l.meanMaxTokens() * l.batches();
            batches += l.batches();
        }
        return batches == 0 ? 0 : sum / batches;
    }
}
