package dev.janus.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.actuate.DryRunActuator;
import dev.janus.scaler.control.ScalerSettings.Bounds;
import dev.janus.scaler.plan.PlanService;
import dev.janus.scaler.signals.Signals;
import dev.janus.scaler.signals.SignalsUnavailableException;
import dev.janus.scaler.support.TestClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScalerTest {

    static final PlanService PLANNER = new PlanService("deepseek-v2-like", "h100-sxm");

    private final TestClock clock = new TestClock();
    private final AtomicReference<Double> rate = new AtomicReference<>(0.0);
    private final DryRunActuator actuator = new DryRunActuator(new Sizes(1, 8));

    private Scaler scaler(Mode mode, int stable, long cooldownSeconds) {
        ScalerSettings s = new ScalerSettings(100, new Bounds(1, 32), new Bounds(1, 32), cooldownSeconds, stable, 0,
                mode, 512, 256);
        return new Scaler(() -> {
            Double r = rate.get();
            if (r == null) {
                throw new SignalsUnavailableException("stub down");
            }
            return new Signals(clock.instant(), "test", 1, r, r * 512, r * 256, 40.0, 80.0, 100.0, 300.0, 8.0, 8.0);
        }, PLANNER, actuator, clock, s);
    }

    @Test
    void noTrafficWantsTheSmallestShapeThatHoldsTheModel() {
        Scaler scaler = scaler(Mode.MANUAL, 1, 0);
        Evaluation idle = scaler.evaluate();
        assertThat(idle.reason()).startsWith("no traffic");
        // DeepSeek-V2's routed experts (about 470 GB in bf16) do not fit on fewer than 6 H100s
        assertThat(idle.wanted().moe()).isGreaterThanOrEqualTo(6);
        assertThat(idle.wanted().attention()).isEqualTo(1);
    }

    @Test
    void moreLoadWantsAtLeastAsManyInstances() {
        Scaler scaler = scaler(Mode.MANUAL, 1, 0);
        rate.set(2.0);
        Sizes low = scaler.evaluate().wanted();
        rate.set(40.0);
        Sizes high = scaler.evaluate().wanted();
        assertThat(high.attention() + high.moe()).isGreaterThanOrEqualTo(low.attention() + low.moe());
        assertThat(scaler.evaluate().request().outputTokens()).isEqualTo(256);
    }

    @Test
    void manualModeTicksButNeverActs() {
        Scaler scaler = scaler(Mode.MANUAL, 1, 0);
        rate.set(40.0);
        for (int i = 0; i < 5; i++) {
            scaler.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(actuator.current()).isEqualTo(new Sizes(1, 8));
        assertThat(scaler.snapshot().decisions()).isEmpty();
    }

    @Test
    void autoModeActsAfterTheStreakAndThenWaitsForTheCooldown() {
        Scaler scaler = scaler(Mode.AUTO, 3, 600);
        rate.set(40.0);
        scaler.tick();
        clock.advance(Duration.ofSeconds(30));
        scaler.tick();
        assertThat(actuator.current()).isEqualTo(new Sizes(1, 8));
        clock.advance(Duration.ofSeconds(30));
        scaler.tick();
        Sizes up = actuator.current();
        assertThat(up).isNotEqualTo(new Sizes(1, 8));
        assertThat(scaler.snapshot().decisions().getFirst().to()).isEqualTo(up);

        rate.set(0.0);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            scaler.tick();
        }
        assertThat(actuator.current()).as("still in the cooldown").isEqualTo(up);
        assertThat(scaler.snapshot().decisions().getFirst().reason()).contains("cooldown");
        clock.advance(Duration.ofMinutes(10));
        scaler.tick();
        assertThat(actuator.current()).isEqualTo(scaler.evaluate().wanted());
        assertThat(actuator.current()).isNotEqualTo(up);
    }

    @Test
    void applyIgnoresHysteresisAndDryRunChangesNothing() {
        Scaler scaler = scaler(Mode.MANUAL, 5, 3600);
        rate.set(40.0);
        Decision dry = scaler.apply(true);
        assertThat(dry.to()).isNull();
        assertThat(dry.dryRun()).isTrue();
        assertThat(actuator.current()).isEqualTo(new Sizes(1, 8));
        Decision applied = scaler.apply(false);
        assertThat(applied.to()).isEqualTo(dry.wanted());
        assertThat(actuator.current()).isEqualTo(dry.wanted());
    }

    @Test
    void signalsDownMeansNothingToApply() {
        Scaler scaler = scaler(Mode.AUTO, 1, 0);
        rate.set(null);
        Decision d = scaler.apply(false);
        assertThat(d.to()).isNull();
        assertThat(d.reason()).contains("stub down");
        scaler.tick();
        assertThat(actuator.current()).isEqualTo(new Sizes(1, 8));
    }
}
