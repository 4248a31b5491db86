package dev.janus.expert.config;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Identity of this MoE instance.
 *
 * @param instanceId the MoE instance id that PlacementEpoch assigns physical experts to; AEBS
 *     breaks ties by the lowest id, so it must be stable across restarts (StatefulSet ordinal
 *     in Kubernetes, DESIGN.md §8). 0 is the single local instance. Must be below
 *     {@code moe.placement.instances}.
 * @param computeThreads threads of the expert FFN compute pool; 0 = one per processor
 */
@Validated
@ConfigurationProperties("moe.expert")
public record ExpertProperties(@PositiveOrZero @DefaultValue("0") int instanceId,
                               @PositiveOrZero @DefaultValue("0") int computeThreads) {}
