package dev.janus.scaler.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SLO-aware scaling settings (DESIGN.md §1.5). Read by the scaler issue's planner and
 * actuators; this skeleton only binds and validates them.
 *
 * @param tpotSlo target time per output token that the planner must meet; the default is a
 *     local-run value, not one from the paper
 * @param actuator how a decision is applied; dry-run only logs it, so it is the safe default
 */
@Validated
@ConfigurationProperties("moe.scaler")
public record ScalerProperties(
        @DurationMin(millis = 1) @DefaultValue("200ms") Duration tpotSlo,
        @NotNull @DefaultValue("dry-run") Actuator actuator) {

    /** Where scaling decisions go. */
    public enum Actuator {
        DRY_RUN,
        LOCAL,
        KUBERNETES
    }
}
