package dev.janus.placement.auto;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Automatic re-planning ({@code GET|PUT /admin/placement/auto}): every {@code interval} at
 * most, plan afresh with {@code policy} and apply the plan when its predicted mean a_max gain
 * over the current epoch ({@code 1 - after / before}) exceeds {@code threshold}.
 *
 * <p>The two knobs are those of the systems we follow: vLLM's EPLB re-arranges experts every
 * {@code step_interval} steps (an interval, here in time, because placement-service does not see
 * steps), and SGLang's {@code --eplb-min-rebalancing-utilization-threshold} skips a rebalance
 * whose balancedness gain is too small to pay for moving weights (here: the predicted a_max gain).
 *
 * @param redundantSlots R of the fresh plans; null = the current epoch's
 */
public record AutoSettings(@NotNull Boolean enabled,
                           @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double threshold,
                           @NotNull @DurationMin(seconds = 1) Duration interval,
                           @NotBlank String policy,
                           @PositiveOrZero Integer redundantSlots) {

    public static final AutoSettings DEFAULTS = new AutoSettings(false, 0.1, Duration.ofMinutes(5), "janus", null);
}
