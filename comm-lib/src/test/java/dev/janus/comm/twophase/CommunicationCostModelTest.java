package dev.janus.comm.twophase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The worked example of {@link CommunicationCostModel}'s javadoc, number for number. */
class CommunicationCostModelTest {

    private final CommunicationCostModel model = new CommunicationCostModel(20_000, 0.1, 2_000, 0.02);

    @Test
    void oneSenderPerNodeStaysDirect() {
        StepShape s = new StepShape(3, 12_288, 1, true);
        assertThat(model.directNanos(s)).isCloseTo(61_228.8, within(1e-6));
        assertThat(model.twoPhaseNanos(s)).isCloseTo(61_228.8, within(1e-6));
        assertThat(model.choose(s)).isEqualTo(CommMode.DIRECT);
    }

    @Test
    void manySendersOfSmallMessagesGoTwoPhase() {
        StepShape s = new StepShape(3, 12_288, 4, false);
        assertThat(model.directNanos(s)).isCloseTo(61_228.8, within(1e-6));
        assertThat(model.twoPhaseNanos(s)).isCloseTo(18_474.56, within(1e-6));
        assertThat(model.choose(s)).isEqualTo(CommMode.TWO_PHASE);
    }

    @Test
    void largeBatchesStayDirect() {
        StepShape s = new StepShape(3, 4_194_304, 2, false);
        assertThat(model.directNanos(s)).isCloseTo(479_430.4, within(1e-6));
        assertThat(model.twoPhaseNanos(s)).isCloseTo(535_316.48, within(1e-6));
        assertThat(model.choose(s)).isEqualTo(CommMode.DIRECT);
    }

    @Test
    void theDecisionFlipsAsTheBatchGrows() {
        // saved latency 3·20 000·(1 − 1/4) = 45 000 ns vs 2 000 + B·0.02: break-even at B = 2 150 000
        assertThat(model.choose(new StepShape(3, 2_100_000, 4, false))).isEqualTo(CommMode.TWO_PHASE);
        assertThat(model.choose(new StepShape(3, 2_200_000, 4, false))).isEqualTo(CommMode.DIRECT);
    }
}
