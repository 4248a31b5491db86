package dev.janus.comm.placement;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code moe.placement.*}: the one typed placement configuration of every service (attention,
 * expert, placement). Services bind it with Spring's {@code Binder}; comm-lib stays free of
 * Spring, so absent values arrive as null and take the defaults here.
 *
 * @param instances      N, the number of MoE instances (expert-service processes); default 1
 * @param redundantSlots extra replicas per layer of the start placement (EPLB round robin,
 *                       {@link PlacementEpoch#roundRobin}), in [0, E·(N−1)]; default 0
 * @param file           a placement file ({@link PlacementJson}, e.g. from {@code ./janus plan})
 *                       to start from instead of round robin (SGLang's --init-expert-location)
 * @param service        placement-service's base URL: at start a service asks it for the
 *                       current epoch before serving, and it pushes every later epoch
 * @param serviceWait    how long to keep asking an unreachable placement-service at start
 *                       before starting from the file or round robin; default 30s
 */
public record PlacementConfig(Integer instances, Integer redundantSlots, Path file, URI service, Duration serviceWait) {

    public PlacementConfig {
        instances = instances == null ? 1 : instances;
        redundantSlots = redundantSlots == null ? 0 : redundantSlots;
        serviceWait = serviceWait == null ? Duration.ofSeconds(30) : serviceWait;
        if (instances < 1) {
            throw new IllegalArgumentException("moe.placement.instances must be at least 1, got " + instances);
        }
        if (redundantSlots < 0) {
            throw new IllegalArgumentException("moe.placement.redundant-slots must not be negative, got " + redundantSlots);
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("moe.placement.file must be an existing placement file, got " + file);
        }
        if (service != null && (service.getScheme() == null || !service.getScheme().startsWith("http"))) {
            throw new IllegalArgumentException("moe.placement.service must be an http(s) URL, got " + service);
        }
        if (serviceWait.isNegative()) {
            throw new IllegalArgumentException("moe.placement.service-wait must not be negative");
        }
    }

    /** One instance, no replicas, nothing else: the single-process default. */
    public static PlacementConfig defaults() {
        return new PlacementConfig(null, null, null, null, null);
    }

    /** The round-robin start placement, version 1: identical in every service given the same values. */
    public PlacementEpoch roundRobin(int layers, int logicalExperts) {
        return PlacementEpoch.roundRobin(1, layers, logicalExperts, instances, redundantSlots, null);
    }
}
