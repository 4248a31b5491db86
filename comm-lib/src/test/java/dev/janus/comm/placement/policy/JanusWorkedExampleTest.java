package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** ActivationPredictor's worked example: tokens pick {0, 2} or {1, 3}; eplb co-locates each pair. */
class JanusWorkedExampleTest {

    static final ExpertLoad LOAD = ExpertLoad.of(new long[][] {{50, 50, 50, 50}});
    static final CoActivation PAIRS = new CoActivation(1, 4, new long[] {
            50, 0, 50, 0,
            0, 50, 0, 50,
            50, 0, 50, 0,
            0, 50, 0, 50});
    static final ClusterShape SHAPE = ClusterShape.of(2, 2);
    static final JanusOptions OPTIONS = JanusOptions.DEFAULTS.withBatchTokens(2);

    /** A stopped clock: the result depends on the evaluation budget only. */
    static JanusPolicy janus(JanusOptions options) {
        return new JanusPolicy(options, () -> 0L);
    }

    @Test
    void predictorInfersTopKAndScoresBothPlacements() {
        ActivationPredictor predictor = new ActivationPredictor(LOAD, PAIRS, OPTIONS);
        Placement eplb = new EplbPolicy().plan(LOAD, PAIRS, SHAPE, Pins.NONE, 0);
        Placement janus = janus(OPTIONS).plan(LOAD, PAIRS, SHAPE, Pins.NONE, 0);

        assertThat(predictor.topK(0)).isEqualTo(2.0);
        assertThat(eplb.layer(0)).containsExactly(0, 2, 1, 3);
        assertThat(predictor.instanceScores(eplb, 0)).containsExactly(new double[] {2.5197, 2.5197}, within(1e-4));
        assertThat(janus.layer(0)).containsExactly(1, 2, 0, 3);
        assertThat(predictor.predictedAMax(janus, 0)).isCloseTo(2.0887, within(1e-4));
    }

    @Test
    void withoutCoActivationThereIsNothingToSeparate() {
        CoActivation none = CoActivation.none(1, 4);
        ActivationPredictor predictor = new ActivationPredictor(LOAD, none, OPTIONS.withTopK(2));

        Placement janus = janus(OPTIONS.withTopK(2)).plan(LOAD, none, SHAPE, Pins.NONE, 0);

        // independent experts: every 2 + 2 split scores the same, so eplb's stays
        assertThat(janus.layer(0)).containsExactly(0, 2, 1, 3);
        // mu = 1.5, sigma^2 = 2 x 0.1875
        assertThat(predictor.predictedAMax(janus, 0)).isCloseTo(1.5 + Math.sqrt(2 * Math.log(2)) * Math.sqrt(0.375),
                within(1e-12));
    }

    @Test
    void aSpentTimeBudgetKeepsTheEplbPlacement() {
        AtomicLong now = new AtomicLong();
        JanusPolicy policy = new JanusPolicy(OPTIONS.withTimeBudget(Duration.ofMillis(5)), () -> now.getAndAdd(10_000_000));

        assertThat(policy.plan(LOAD, PAIRS, SHAPE, Pins.NONE, 0).layer(0)).containsExactly(0, 2, 1, 3);
    }

    @Test
    void noEvaluationsKeepTheEplbPlacement() {
        JanusPolicy policy = janus(OPTIONS.withMaxSwapEvaluations(0));

        assertThat(policy.plan(LOAD, PAIRS, SHAPE, Pins.NONE, 0).layer(0)).containsExactly(0, 2, 1, 3);
    }

    @Test
    void pinnedReplicasDoNotMove() {
        Pins pins = Pins.NONE.withInstances(0, 0, 0).withInstances(0, 2, 0);

        Placement janus = janus(OPTIONS).plan(LOAD, PAIRS, SHAPE, pins, 0);

        assertThat(janus.layer(0)).containsExactly(0, 2, 1, 3);
    }
}
