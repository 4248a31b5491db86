package dev.janus.expert.config;

import dev.janus.comm.placement.PlacementEpoch;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The static placement of a split deployment until placement-service publishes epochs: every
 * service given the same values computes the same {@link PlacementEpoch} (EPLB-style round robin,
 * {@link PlacementEpoch#roundRobin}), so attention and MoE instances agree without talking.
 *
 * @param instances      N, the number of MoE instances (expert-service processes)
 * @param redundantSlots extra replicas per layer, in [0, E * (N - 1)]; 0 = every expert once
 */
@Validated
@ConfigurationProperties("moe.placement")
public record PlacementProperties(@Min(1) @DefaultValue("1") int instances,
                                  @PositiveOrZero @DefaultValue("0") int redundantSlots) {

    /** Version 1: the one static epoch (placement-service's epochs will count up from there). */
    public PlacementEpoch epoch(int layers, int logicalExperts) {
        return PlacementEpoch.roundRobin(1, layers, logicalExperts, instances, redundantSlots, null);
    }
}
