package dev.janus.placement.plan;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlanEffect;
import dev.janus.comm.placement.policy.SyntheticRouting;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.placement.config.PlacementServiceProperties;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Replays routing over the current epoch and a plan (comm-lib {@link PlacementEvaluator}): the
 * attention-services' recent routing when they have some, else batches synthesised from the
 * statistics (top-k inferred from them: pairs / counts = (k - 1) / 2 per token).
 */
@Component
public class EffectPredictor {

    private final PlacementEvaluator evaluator = new PlacementEvaluator();
    private final PlacementServiceProperties.Plan props;

    public EffectPredictor(PlacementServiceProperties props) {
        this.props = props.plan();
    }

    /** Effect on {@code layers} (null = all) of going from {@code before} to {@code after}. */
    public PredictedEffect predict(PlacementEpoch before, Placement after, Set<Integer> layers,
                                   List<RoutingTraceReader.Entry> recorded, ExpertLoad load, CoActivation co) {
        Placement current = Placement.of(before);
        List<RoutingTraceReader.Entry> routing = recorded.stream()
                .filter(e -> layers == null || layers.contains(e.layer())).toList();
        String source = "recorded";
        if (routing.isEmpty()) {
            source = "synthetic";
            routing = SyntheticRouting.batches(load, co, props.syntheticBatches(),
                    props.batchTokens(), topK(load, co), props.seed()).stream()
                    .filter(e -> layers == null || layers.contains(e.layer())).toList();
        }
        PlanEffect b = evaluator.evaluate(current, routing);
        PlanEffect a = evaluator.evaluate(after, routing);
        return PredictedEffect.of(source, PlacementEvaluator.compare(b, a));
    }

    /** k with tokens·k = Σ counts and tokens·k(k-1)/2 = Σ pairs; 2 (at most E) without data. */
    static int topK(ExpertLoad load, CoActivation co) {
        double counts = 0;
        double pairs = 0;
        for (int l = 0; l < load.layers(); l++) {
            counts += load.total(l);
            for (int i = 0; i < load.experts() && co.known(); i++) {
                for (int j = i + 1; j < load.experts(); j++) {
                    pairs += co.count(l, i, j);
                }
            }
        }
        int k = counts == 0 || !co.known() ? 2 : (int) Math.round(1 + 2 * pairs / counts);
        return Math.max(1, Math.min(load.experts(), k));
    }
}
