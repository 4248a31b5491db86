package dev.janus.placement.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.janus.comm.placement.policy.LayerEffect;
import dev.janus.comm.placement.policy.PlanComparison;
import java.util.List;

/**
 * A plan's predicted effect: the current epoch (before) and the plan (after) replayed through
 * the activation scheduler, per re-planned layer.
 *
 * @param routing         {@code recorded} (attention-services' recent routing) or {@code synthetic}
 *                        (batches drawn from the statistics)
 * @param meanAMaxBefore  mean a_max over every replayed batch, current epoch
 * @param meanAMaxAfter   the same under the plan
 * @param gain            relative a_max reduction, {@code 1 - after / before} (0.1 = 10 % fewer)
 * @param layers          per layer
 */
public record PredictedEffect(String routing, @JsonProperty("mean_a_max_before") double meanAMaxBefore,
                              @JsonProperty("mean_a_max_after") double meanAMaxAfter, double gain,
                              List<Layer> layers) {

    /** One layer before and after. */
    public record Layer(int layer, Effect before, Effect after) {}

    /**
     * @param batches              batches replayed
     * @param meanAMax             mean over batches of a_max (activated experts on the busiest instance)
     * @param p99AMax              99th percentile of a_max
     * @param meanMaxTokens        mean over batches of the most (token, expert) rows one instance serves
     * @param maxTokensPerInstance the most rows one instance served in any batch
     */
    public record Effect(int batches, @JsonProperty("mean_a_max") double meanAMax,
                         @JsonProperty("p99_a_max") double p99AMax, double meanMaxTokens, long maxTokensPerInstance) {

        static Effect of(LayerEffect e) {
            return new Effect(e.batches(), e.meanAMax(), e.p99AMax(), e.meanMaxTokens(), e.maxTokens());
        }
    }

    static PredictedEffect of(String routing, PlanComparison c) {
        double before = c.meanAMaxBefore();
        double gain = before == 0 ? 0 : 1 - c.meanAMaxAfter() / before;
        return new PredictedEffect(routing, before, c.meanAMaxAfter(), gain, c.layers().stream()
                .map(l -> new Layer(l.layer(), Effect.of(l.before()), Effect.of(l.after()))).toList());
    }
}
