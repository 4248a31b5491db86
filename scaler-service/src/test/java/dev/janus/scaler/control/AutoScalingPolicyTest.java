package dev.janus.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.control.ScalerSettings.Bounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoScalingPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static ScalerSettings settings(int stable, long cooldownSeconds, int margin) {
        return new ScalerSettings(50, new Bounds(1, 16), new Bounds(1, 16), cooldownSeconds, stable, margin, Mode.AUTO,
                512, 256);
    }

    /** The worked example of the class comment. */
    @Test
    void workedExample() {
        ScalerSettings s = settings(3, 60, 0);
        Sizes current = new Sizes(2, 2);
        Sizes up = new Sizes(3, 2);
        Hysteresis h = Hysteresis.START;
        AutoScalingPolicy.Step step = AutoScalingPolicy.decide(h, current, up, s, T0);
        assertThat(step.target()).isNull();
        step = AutoScalingPolicy.decide(step.state(), current, up, s, T0.plusSeconds(10));
        assertThat(step.target()).isNull();
        step = AutoScalingPolicy.decide(step.state(), current, up, s, T0.plusSeconds(20));
        assertThat(step.target()).isEqualTo(up);
        current = up;
        Sizes down = new Sizes(2, 2);
        for (int t = 30; t <= 70; t += 10) {
            step = AutoScalingPolicy.decide(step.state(), current, down, s, T0.plusSeconds(t));
            assertThat(step.target()).as("t=%d", t).isNull();
        }
        assertThat(step.reason()).startsWith("cooldown until 2026-12-01T00:01:20Z");
        step = AutoScalingPolicy.decide(step.state(), current, down, s, T0.plusSeconds(80));
        assertThat(step.target()).isEqualTo(down);
    }

    @Test
    void withinTheMarginIsNoChangeAndResetsTheStreak() {
        ScalerSettings s = settings(2, 0, 1);
        Sizes current = new Sizes(4, 4);
        AutoScalingPolicy.Step step = AutoScalingPolicy.decide(Hysteresis.START, current, new Sizes(5, 3), s, T0);
        assertThat(step.target()).isNull();
        assertThat(step.reason()).contains("margin");
        step = AutoScalingPolicy.decide(step.state(), current, new Sizes(6, 4), s, T0);
        step = AutoScalingPolicy.decide(step.state(), current, new Sizes(5, 4), s, T0);
        assertThat(step.target()).isNull();
        assertThat(step.state().streak()).isZero();
    }

    @Test
    void aStreakOfDifferentWantsNeverActs() {
        ScalerSettings s = settings(2, 0, 0);
        Sizes current = new Sizes(2, 2);
        Hysteresis h = Hysteresis.START;
        for (int i = 0; i < 20; i++) {
            AutoScalingPolicy.Step step = AutoScalingPolicy.decide(h, current, new Sizes(3 + i % 2, 2), s, T0.plusSeconds(i));
            assertThat(step.target()).isNull();
            h = step.state();
        }
    }

    /** Property: whatever the wanted sizes, two actions are never closer than the cooldown, and each follows a full streak. */
    @Test
    void actionsRespectCooldownAndStreakUnderRandomWants() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            int stable = 1 + random.nextInt(4);
            long cooldown = random.nextInt(120);
            ScalerSettings s = settings(stable, cooldown, random.nextInt(2));
            Sizes current = new Sizes(1 + random.nextInt(6), 1 + random.nextInt(6));
            Hysteresis h = Hysteresis.START;
            List<Instant> actions = new ArrayList<>();
            Sizes previousWanted = null;
            int sameInARow = 0;
            for (int t = 0; t < 300; t += 1 + random.nextInt(15)) {
                Sizes wanted = random.nextInt(4) == 0 ? new Sizes(1 + random.nextInt(6), 1 + random.nextInt(6))
                        : previousWanted == null ? current : previousWanted;
                sameInARow = wanted.equals(previousWanted) ? sameInARow + 1 : 1;
                previousWanted = wanted;
                Instant now = T0.plusSeconds(t);
                AutoScalingPolicy.Step step = AutoScalingPolicy.decide(h, current, wanted, s, now);
                h = step.state();
                if (step.target() != null) {
                    assertThat(sameInARow).isGreaterThanOrEqualTo(stable);
                    if (!actions.isEmpty()) {
                        assertThat(Duration.between(actions.getLast(), now)).isGreaterThanOrEqualTo(Duration.ofSeconds(cooldown));
                    }
                    actions.add(now);
                    current = step.target();
                }
            }
        }
    }
}
