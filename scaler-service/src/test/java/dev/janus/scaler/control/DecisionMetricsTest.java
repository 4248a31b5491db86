package dev.janus.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.actuate.DryRunActuator;
import dev.janus.scaler.control.ScalerSettings.Bounds;
import dev.janus.scaler.signals.Signals;
import dev.janus.scaler.support.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DecisionMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock();

    @Test
    void everyRecordedDecisionCountsByTriggerAndOutcomeAndTheWantedSizeIsAGauge() {
        DryRunActuator actuator = new DryRunActuator(new Sizes(1, 8));
        ScalerSettings s = new ScalerSettings(100, new Bounds(1, 32), new Bounds(1, 32), 0, 1, 0, Mode.MANUAL, 512, 256);
        Scaler scaler = new Scaler(() -> new Signals(clock.instant(), "test", 1, 40.0, 40.0 * 512, 40.0 * 256,
                40.0, 80.0, 100.0, 300.0, 8.0, 8.0), ScalerTest.PLANNER, actuator, clock, s, new DecisionMetrics(registry));
        assertThat(registry.get("janus.scaler.wanted.instances").tag("pool", "moe").gauge().value()).isEqualTo(-1);

        Decision dry = scaler.apply(true);
        Decision done = scaler.apply(false);

        assertThat(registry.get("janus.scaler.decisions").tags("trigger", "apply", "outcome", "dry_run").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("janus.scaler.decisions").tags("trigger", "apply", "outcome", "scaled").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("janus.scaler.wanted.instances").tag("pool", "moe").gauge().value())
                .isEqualTo(done.wanted().moe()).isEqualTo(dry.wanted().moe());
        assertThat(registry.get("janus.scaler.wanted.instances").tag("pool", "attention").gauge().value())
                .isEqualTo(done.wanted().attention());
    }

    @Test
    void outcomesAreNamedFromTheDecision() {
        Sizes one = new Sizes(1, 1);
        Sizes two = new Sizes(1, 2);
        assertThat(DecisionMetrics.outcome(new Decision(clock.instant(), "auto", one, two, two, false, "x"))).isEqualTo("scaled");
        assertThat(DecisionMetrics.outcome(new Decision(clock.instant(), "auto", one, two, null, false, "failed: boom")))
                .isEqualTo("failed");
        assertThat(DecisionMetrics.outcome(new Decision(clock.instant(), "auto", one, two, null, false, "held: streak")))
                .isEqualTo("held");
        assertThat(DecisionMetrics.outcome(new Decision(clock.instant(), "apply", one, null, null, false, "nothing")))
                .isEqualTo("no_signals");
    }
}
