package dev.janus.attention.config;

import dev.janus.comm.placement.PlacementEpoch;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The static placement of a split deployment (same properties and meaning as expert-service's):
 * every service given the same values computes the same {@link PlacementEpoch}.
 *
 * @param instances      N, the number of MoE instances
 * @param redundantSlots extra replicas per layer, in [0, E * (N - 1)]
 */
@ConfigurationProperties("moe.placement")
public record PlacementProperties(@DefaultValue("1") int instances, @DefaultValue("0") int redundantSlots) {

    public PlacementProperties {
        if (instances < 1) {
            throw new IllegalArgumentException("moe.placement.instances must be >= 1");
        }
        if (redundantSlots < 0) {
            throw new IllegalArgumentException("moe.placement.redundant-slots must be >= 0");
        }
    }

    /** Version 1: the one static epoch, identical to the one expert-service computes. */
    public PlacementEpoch epoch(int layers, int logicalExperts) {
        return PlacementEpoch.roundRobin(1, layers, logicalExperts, instances, redundantSlots, null);
    }
}
