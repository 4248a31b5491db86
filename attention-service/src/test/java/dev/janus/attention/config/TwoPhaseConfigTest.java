package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.janus.comm.twophase.CommMode;
import dev.janus.comm.twophase.CommunicationCostModel;
import dev.janus.comm.twophase.StepShape;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.model() == measured);
        assertThat(policy.choose(step)).isEqualTo(CommMode.TWO_PHASE);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aFailedMeasurementKeepsTheEstimateAndIsRetriedAfterTenSeconds() {
        CommunicationCostModel estimate = new CommunicationCostModel(0, 1, 0, 1);
        CommunicationCostModel measured = new CommunicationCostModel(20_000, 0.1, 2_000, 0.02);
        AtomicLong now = new AtomicLong();
        AtomicInteger attempts = new AtomicInteger();
        CalibratedModePolicy policy = new CalibratedModePolicy(estimate, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("MoE instance 0 is down");
            }
            return measured;
        }, now::get);
        StepShape step = new StepShape(3, 100, 2, false);

        assertThat(policy.choose(step)).isEqualTo(CommMode.DIRECT);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(attempts).hasValue(1));
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        policy.choose(step);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(attempts).as("not retried before 10 s").hasValue(1);
            assertThat(policy.model()).isSameAs(estimate);
        });

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        policy.choose(step);
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.model() == measured);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aSuccessfulMeasurementIsRepeatedEveryFiveMinutes() {
        CommunicationCostModel estimate = new CommunicationCostModel(0, 1, 0, 1);
        AtomicLong now = new AtomicLong();
        AtomicInteger attempts = new AtomicInteger();
        CalibratedModePolicy policy = new CalibratedModePolicy(estimate,
                () -> new CommunicationCostModel(20_000 + attempts.incrementAndGet(), 0.1, 2_000, 0.02), now::get);
        StepShape step = new StepShape(3, 100, 2, false);
        policy.choose(step);
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.model() != estimate);

        now.addAndGet(Duration.ofMinutes(5).minusSeconds(1).toNanos());
        policy.choose(step);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(attempts).hasValue(1));

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        policy.choose(step);
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 2 && policy.model().alphaNanos() == 20_002);
    }
}
