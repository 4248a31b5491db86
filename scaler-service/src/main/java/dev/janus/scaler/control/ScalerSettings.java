package dev.janus.scaler.control;

import dev.janus.scaler.config.ScalerProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * What {@code GET|PUT /admin/scaler/config} reads and replaces; starts from {@code moe.scaler.*}.
 *
 * @param sloMs             TPOT target, milliseconds
 * @param attention         bounds of the attention pool
 * @param moe               bounds of the MoE pool
 * @param cooldownSeconds   no automatic action sooner than this after the last action
 * @param stableEvaluations act only after the same wanted size this many evaluations in a row
 * @param margin            a wanted size within this many instances of the current one is no change
 * @param mode              manual or auto
 * @param promptTokens      mean prompt tokens assumed while the signals have none
 * @param outputTokens      mean output tokens assumed while the signals have none
 */
public record ScalerSettings(@Positive double sloMs,
                             @Valid @NotNull Bounds attention,
                             @Valid @NotNull Bounds moe,
                             @PositiveOrZero long cooldownSeconds,
                             @Min(1) @Max(100) int stableEvaluations,
                             @PositiveOrZero int margin,
                             @NotNull Mode mode,
                             @PositiveOrZero int promptTokens,
                             @Min(1) int outputTokens) {

    /** @param min never fewer instances; @param max never more, also the planner's search bound */
    public record Bounds(@Min(1) int min, @Min(1) @Max(4096) int max) {

        @AssertTrue(message = "needs min <= max")
        public boolean isOrdered() {
            return min <= max;
        }

        public int clamp(int n) {
            return Math.clamp(n, min, max);
        }
    }

    public static ScalerSettings from(ScalerProperties p) {
        ScalerProperties.Auto a = p.auto();
        return new ScalerSettings(p.tpotSlo().toNanos() / 1e6, new Bounds(p.attention().min(), p.attention().max()),
                new Bounds(p.moe().min(), p.moe().max()), a.cooldown().toSeconds(), a.stableEvaluations(), a.margin(),
                a.mode(), a.promptTokens(), a.outputTokens());
    }

    public Duration cooldown() {
        return Duration.ofSeconds(cooldownSeconds);
    }

    /** Both pools within their bounds. */
    public Sizes clamp(Sizes s) {
        return new Sizes(attention.clamp(s.attention()), moe.clamp(s.moe()));
    }

    public Sizes minimum() {
        return new Sizes(attention.min(), moe.min());
    }
}
