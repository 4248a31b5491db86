package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementEvaluatorTest {

    static final Placement EPLB = new Placement(4, 2, new int[][] {{0, 2, 1, 3}});
    static final Placement JANUS = new Placement(4, 2, new int[][] {{1, 2, 0, 3}});

    /** The four batches of 2 tokens, each token picking A = {0, 2} or B = {1, 3}: AA, AB, BA, BB. */
    static List<RoutingTraceReader.Entry> allBatches() {
        int[][] pairs = {{0, 2}, {1, 3}};
        List<RoutingTraceReader.Entry> entries = new ArrayList<>();
        for (int first = 0; first < 2; first++) {
            for (int second = 0; second < 2; second++) {
                RoutingDecision r = new RoutingDecision();
                r.reset(2, 2);
                r.set(0, 0, pairs[first][0], 0.5f);
                r.set(0, 1, pairs[first][1], 0.5f);
                r.set(1, 0, pairs[second][0], 0.5f);
                r.set(1, 1, pairs[second][1], 0.5f);
                entries.add(new RoutingTraceReader.Entry(0, r));
            }
        }
        return entries;
    }

    @Test
    void replaysTheWorkedExampleByHand() {
        PlacementEvaluator evaluator = new PlacementEvaluator();

        // {0, 2 | 1, 3}: a pair always lands on one instance -> a_max 2 in every batch;
        // rows: AA and BB put 4 rows on one instance, AB and BA 2 on each
        PlanEffect before = evaluator.evaluate(EPLB, allBatches());
        // {1, 2 | 0, 3}: AA and BB activate one expert per instance (a_max 1), AB and BA all four (2)
        PlanEffect after = evaluator.evaluate(JANUS, allBatches());

        assertThat(before.layers()).containsExactly(new LayerEffect(0, 4, 2.0, 2.0, 3.0, 4));
        assertThat(after.layers()).containsExactly(new LayerEffect(0, 4, 1.5, 2.0, 2.0, 2));
        PlanComparison comparison = PlacementEvaluator.compare(before, after);
        assertThat(comparison.meanAMaxRatio()).isEqualTo(0.75);
        assertThat(comparison.layers().get(0).meanMaxTokensRatio()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(comparison.layers().get(0).p99AMaxRatio()).isEqualTo(1.0);
    }

    @Test
    void synthesisedBatchesFollowTheCoActivation() {
        PlacementEvaluator evaluator = new PlacementEvaluator();
        ExpertLoad load = JanusWorkedExampleTest.LOAD;
        CoActivation pairs = JanusWorkedExampleTest.PAIRS;

        PlanEffect before = evaluator.evaluateSynthetic(EPLB, load, pairs, 400, 2, 2, 11);
        PlanEffect after = evaluator.evaluateSynthetic(JANUS, load, pairs, 400, 2, 2, 11);

        // with the pairs, a token's second expert is always its partner: the same as the recorded routing
        assertThat(before.layer(0).meanAMax()).isEqualTo(2.0);
        assertThat(after.layer(0).meanAMax()).isBetween(1.4, 1.6);
        assertThat(evaluator.evaluateSynthetic(JANUS, load, pairs, 400, 2, 2, 11)).isEqualTo(after);
        assertThat(SyntheticRouting.batches(load, pairs, 3, 2, 2, 11)).hasSize(3);
    }

    @Test
    void synthesisWithoutCoActivationFollowsTheLoad() {
        ExpertLoad load = ExpertLoad.of(new long[][] {{1000, 0, 0, 1000}});

        List<RoutingTraceReader.Entry> batches = SyntheticRouting.batches(load, CoActivation.none(1, 4), 20, 8, 1, 3);

        for (RoutingTraceReader.Entry entry : batches) {
            for (int t = 0; t < 8; t++) {
                assertThat(entry.routing().expert(t, 0)).isIn(0, 3);
            }
        }
    }

    @Test
    void refusesRoutingThatDoesNotFitThePlacement() {
        RoutingDecision r = new RoutingDecision();
        r.reset(1, 1);
        r.set(0, 0, 0, 1f);

        assertThatThrownBy(() -> new PlacementEvaluator().evaluate(EPLB, List.of(new RoutingTraceReader.Entry(1, r))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1");
    }
}
