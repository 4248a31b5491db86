package dev.janus.attention.placement;

import dev.janus.attention.config.RemoteExperts;
import dev.janus.comm.placement.PlacementConfig;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.StartPlacement;
import dev.janus.comm.security.InternalToken;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Closes the gap between reading the start epoch and listening (DESIGN.md §10): the start epoch
 * is read before the HTTP port opens, and a rollout in between finds this process refusing
 * connections, counts it as holding no epoch and releases the previous one on the MoE instances.
 * So once the port is open (ApplicationReadyEvent comes after the web server started and before
 * readiness turns ACCEPTING_TRAFFIC) placement-service's current epoch is read once more and
 * committed when it is newer: any later rollout reaches this process by its commit instead.
 */
@Component
class LatestEpochAtReady {

    private static final Logger log = LoggerFactory.getLogger(LatestEpochAtReady.class);

    private final @Nullable RemoteExperts experts;
    private final PlacementConfig config;
    private final InternalToken token;

    LatestEpochAtReady(ObjectProvider<RemoteExperts> experts, PlacementConfig config, InternalToken token) {
        this.experts = experts.getIfAvailable();
        this.config = config;
        this.token = token;
    }

    @EventListener(ApplicationReadyEvent.class)
    void readAgain() {
        if (experts == null || config.service() == null) {
            return; // in-process experts, or no placement-service: nothing can have changed
        }
        PlacementEpoch latest = StartPlacement.latest(config, token,
                problem -> log.warn("{}; serving epoch {} until placement-service commits another",
                        problem, experts.placement().get().version()));
        if (latest == null) {
            return;
        }
        long before = experts.placement().get().version();
        try {
            experts.checkFits(latest);
            if (experts.placement().commitIfNewer(latest)) {
                log.info("placement epoch {} committed at start (read {} before listening)", latest.version(), before);
            }
        } catch (IllegalArgumentException e) {
            log.warn("placement-service's epoch {} does not fit this instance: {}", latest.version(), e.getMessage());
        }
    }
}
