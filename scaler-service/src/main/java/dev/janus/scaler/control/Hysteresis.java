package dev.janus.scaler.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the automatic mode remembers between evaluations (the state of {@link AutoScalingPolicy}).
 *
 * @param candidate  the wanted size of the current streak, null when none
 * @param streak     evaluations in a row that wanted {@code candidate}
 * @param lastAction when the last action (automatic or manual) was taken, null = never
 */
public record Hysteresis(@Nullable Sizes candidate, int streak, @Nullable Instant lastAction) {

    public static final Hysteresis START = new Hysteresis(null, 0, null);

    public Hysteresis acted(Instant at) {
        return new Hysteresis(null, 0, at);
    }
}
