package dev.janus.placement.epoch;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.stats.StatsCollector;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The first epoch, when none is persisted. placement-service does not read the model, so it
 * learns the shape (layers, experts) from the cluster, after every statistics poll until it has:
 * <ol>
 *   <li>{@code moe.placement-service.initial.file}, when set: the administrator's placement file
 *       (PlacementJson), the one every service was started with (source {@code file});</li>
 *   <li>an attention-service's {@code GET /internal/placement/current}: that epoch is what is
 *       serving, so it is adopted as is (source {@code adopted});</li>
 *   <li>else the shape of an activation snapshot, and the round robin every service computes
 *       from {@code moe.placement.*}: {@code PlacementEpoch.roundRobin(1, L, E, N, R, null)}
 *       (source {@code startup}).</li>
 * </ol>
 */
@Component
public class EpochBootstrap {

    private static final Logger log = LoggerFactory.getLogger(EpochBootstrap.class);

    private final EpochRegistry registry;
    private final ServiceInstances instances;
    private final AttentionClient attention;
    private final StatsCollector stats;
    private final PlacementServiceProperties.Initial initial;

    public EpochBootstrap(EpochRegistry registry, ServiceInstances instances, AttentionClient attention,
                          StatsCollector stats, PlacementServiceProperties props) {
        this.registry = registry;
        this.instances = instances;
        this.attention = attention;
        this.stats = stats;
        this.initial = props.initial();
    }

    @EventListener
    public void onPoll(StatsCollector.StatsPolled event) {
        ensure();
    }

    /** Creates the first epoch if there is none and the cluster tells enough; true when one exists. */
    public synchronized boolean ensure() {
        if (registry.current().isPresent()) {
            return true;
        }
        if (initial.file() != null) {
            PlacementEpoch fromFile;
            try {
                fromFile = PlacementJson.read(initial.file());
            } catch (RuntimeException e) {
                log.error("cannot use moe.placement-service.initial.file: {}", e.getMessage());
                return false;
            }
            registry.record(fromFile, EpochRecord.FILE, null, null);
            log.info("initial epoch {} from {}", fromFile, initial.file());
            return true;
        }
        for (URI uri : instances.attention()) {
            try {
                Optional<PlacementEpoch> serving = attention.current(uri);
                if (serving.isPresent()) {
                    registry.record(serving.get(), EpochRecord.ADOPTED, null, null);
                    log.info("adopted epoch {} from {}", serving.get(), uri);
                    return true;
                }
            } catch (RuntimeException e) {
                log.debug("no current epoch from {}: {}", uri, e.toString());
            }
        }
        ActivationSnapshot s = stats.merged(0, 0).snapshot();
        if (s == null) {
            return false;
        }
        PlacementEpoch first;
        try {
            first = PlacementEpoch.roundRobin(1, s.layers(), s.experts(), initial.instances(),
                    initial.redundantSlots(), null);
        } catch (IllegalArgumentException e) {
            log.error("cannot build the initial epoch from moe.placement-service.initial: {}", e.getMessage());
            return false;
        }
        registry.record(first, EpochRecord.STARTUP, "round-robin", null);
        log.info("initial epoch {} (round robin, {} redundant slots per layer)", first, initial.redundantSlots());
        return true;
    }
}
