package dev.janus.placement.config;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Placement planning settings. Read by the placement issue's planner; this skeleton only binds
 * and validates them.
 *
 * @param statsWindow how far back expert-load and co-activation statistics reach when a new
 *     placement is planned ("re-plan from recent statistics", DESIGN.md §1.4)
 */
@Validated
@ConfigurationProperties("moe.placement")
public record PlacementProperties(@DurationMin(seconds = 1) @DefaultValue("10m") Duration statsWindow) {}
