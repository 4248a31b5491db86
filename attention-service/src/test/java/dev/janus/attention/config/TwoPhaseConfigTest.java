package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.twophase.CommMode;
import dev.janus.comm.twophase.CommunicationCostModel;
import dev.janus.comm.twophase.StepShape;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** moe.node validation, and the adaptive mode's switch from the estimate to the measured constants. */
class TwoPhaseConfigTest {

    private static NodeProperties node(int members, int member, String aggregator) {
        return new NodeProperties("n1", members, member, 9190, "", aggregator, NodeProperties.Mode.ADAPTIVE,
                Duration.ofMillis(2), Duration.ofMillis(50), Duration.ofNanos(20_000), 2e10);
    }

    @Test
    void nonsenseIsRefusedAtStartup() {
        assertThatThrownBy(() -> node(0, 0, "")).hasMessageContaining("moe.node.members");
        assertThatThrownBy(() -> node(2, 2, "h:1")).hasMessageContaining("moe.node.member");
        assertThatThrownBy(() -> node(2, 1, "")).hasMessageContaining("moe.node.aggregator");
        assertThatThrownBy(() -> node(2, 1, "no-port")).hasMessageContaining("host:port");
        assertThat(node(1, 0, "").twoPhase()).isFalse();
        assertThat(node(2, 1, "member0:9190").twoPhase()).isTrue();
        assertThat(node(2, 0, "").hostsAggregator()).isTrue();
    }

    @Test
    void adaptiveModeDecidesWithTheEstimateUntilTheMeasurementLands() throws InterruptedException {
        // estimate: messages are cheap, so one sender of a 2-member node stays direct
        CommunicationCostModel estimate = new CommunicationCostModel(0, 1, 0, 1);
        // measured: 20 us per message, so aggregating 3 messages pays
        CommunicationCostModel measured = new CommunicationCostModel(20_000, 0.1, 2_000, 0.02);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        CalibratedModePolicy policy = new CalibratedModePolicy(estimate, () -> {
            attempts.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return measured;
        });
        StepShape step = new StepShape(3, 12_288, 2, false);
        assertThat(policy.choose(step)).isEqualTo(CommMode.DIRECT);
        assertThat(policy.choose(step)).isEqualTo(CommMode.DIRECT); // still measuring: one attempt only
        release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (policy.model() != measured && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(policy.choose(step)).isEqualTo(CommMode.TWO_PHASE);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aFailedMeasurementKeepsTheEstimate() throws InterruptedException {
        CommunicationCostModel estimate = new CommunicationCostModel(0, 1, 0, 1);
        CountDownLatch tried = new CountDownLatch(1);
        CalibratedModePolicy policy = new CalibratedModePolicy(estimate, () -> {
            tried.countDown();
            throw new IllegalStateException("MoE instance 0 is down");
        });
        assertThat(policy.choose(new StepShape(3, 100, 2, false))).isEqualTo(CommMode.DIRECT);
        assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(policy.model()).isSameAs(estimate);
    }
}
