package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.twophase.CommMode;
import dev.janus.comm.twophase.CommunicationCostModel;
import dev.janus.comm.twophase.StepShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LinkCost mirrors CommunicationCostModel where both apply: integer shapes, every instance reached. */
class LinkCostTest {

    @Test
    void agreesWithCommunicationCostModelOnItsWorkedExampleAndRandomShapes() {
        CommunicationCostModel runtime = new CommunicationCostModel(20_000, 0.1, 2_000, 0.02);
        LinkCost model = new LinkCost(20_000, 0.1, 2_000, 0.02);
        assertThat(model.twoPhase(3, 12_288, 4)).isCloseTo(18_474.56, within(1e-9));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            int m = 1 + random.nextInt(64);
            long bytes = random.nextLong(1, 1 << 24);
            int n = 1 + random.nextInt(8);
            StepShape s = new StepShape(m, bytes, n, false);
            assertThat(model.direct(m, bytes)).isCloseTo(runtime.directNanos(s), within(1e-6));
            assertThat(model.cost(CommPolicy.TWO_PHASE, m, m, bytes, n))
                    .isCloseTo(n == 1 ? runtime.directNanos(s) : runtime.twoPhaseNanos(s), within(1e-6));
            double adaptive = runtime.choose(s) == CommMode.DIRECT ? runtime.directNanos(s) : runtime.twoPhaseNanos(s);
            assertThat(model.cost(CommPolicy.ADAPTIVE, m, m, bytes, n)).isCloseTo(adaptive, within(1e-6));
        }
    }
}
