package dev.janus.scaler.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When the automatic mode acts: a pure function of the remembered state, the current and wanted
 * sizes, the settings and the time (STYLE.md: the decision is pure, the executor thin). Two brakes
 * against flapping (as Kubernetes' HPA stabilisation window, in evaluations rather than seconds):
 * <ul>
 *   <li>hysteresis: a wanted size within {@code margin} of the current one is no change, and a
 *       change is made only after {@code stable_evaluations} evaluations in a row wanted the same size;</li>
 *   <li>cooldown: no action sooner than {@code cooldown_seconds} after the last one.</li>
 * </ul>
 * Worked example (a test): stable_evaluations 3, cooldown 60 s, current n_a=2 n_e=2. Wanted 3/2 at
 * t=0, 10, 20 s: holds (1/3), holds (2/3), acts at 20 s. Wanted 2/2 at 30, 40, 50 s: the streak
 * reaches 3 at 50 s but the cooldown lasts until 80 s, so it holds; at 80 s it acts.
 */
public final class AutoScalingPolicy {

    private AutoScalingPolicy() {
    }

    /**
     * @param state  what the previous evaluation left
     * @param target the size to move to, null = hold
     * @param reason why, for the decision log
     */
    public record Step(Hysteresis state, @Nullable Sizes target, String reason) {}

    public static Step decide(Hysteresis state, Sizes current, Sizes wanted, ScalerSettings settings, Instant now) {
        if (wanted.within(current, settings.margin())) {
            return new Step(new Hysteresis(null, 0, state.lastAction()), null,
                    wanted.equals(current) ? "at the wanted size" : "within the margin of " + settings.margin());
        }
        int streak = wanted.equals(state.candidate()) ? state.streak() + 1 : 1;
        Hysteresis counted = new Hysteresis(wanted, streak, state.lastAction());
        if (streak < settings.stableEvaluations()) {
            return new Step(counted, null, "wanted " + wanted + " " + streak + "/" + settings.stableEvaluations()
                    + " evaluations in a row");
        }
        if (state.lastAction() != null) {
            Instant until = state.lastAction().plus(settings.cooldown());
            if (now.isBefore(until)) {
                return new Step(counted, null, "cooldown until " + until);
            }
        }
        return new Step(counted.acted(now), wanted, "wanted " + wanted + " for " + streak + " evaluations");
    }
}
