package dev.janus.placement.rollout;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.ExpertClient;
import dev.janus.placement.cluster.ExpertInstance;
import dev.janus.placement.cluster.Parallel;
import dev.janus.placement.cluster.ServiceCallException;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.epoch.EpochRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings services that are behind up to the current epoch, the same protocol as a rollout: an
 * expert-service that lacks the current version prepares it, an attention-service on another
 * version commits it, and once every attention-service runs the current version, the versions
 * expert-services still hold besides it are released (a listed attention-service that refuses
 * the connection runs nowhere and holds nothing). Runs every {@code reconcile-interval}
 * (a service that was down learns the epoch) and, forced, at start: the last applied epoch is
 * re-published to every service (idempotent: preparing a prepared version, committing the
 * current one are no-ops there). Skips a round while a rollout runs.
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final RolloutLock lock;
    private final EpochRegistry registry;
    private final ServiceInstances instances;
    private final ExpertClient experts;
    private final AttentionClient attention;
    private final PlacementServiceProperties.Rollout props;

    public Reconciler(RolloutLock lock, EpochRegistry registry, ServiceInstances instances, ExpertClient experts,
                      AttentionClient attention, PlacementServiceProperties props) {
        this.lock = lock;
        this.registry = registry;
        this.instances = instances;
        this.experts = experts;
        this.attention = attention;
        this.props = props.rollout();
    }

    @EventListener(ApplicationReadyEvent.class)
    void republishOnStart() {
        if (props.republishOnStart() && registry.current().isPresent()) {
            Thread.ofVirtual().name("placement-republish").start(() -> reconcile(true));
        }
    }

    @Scheduled(initialDelayString = "${moe.placement-service.rollout.reconcile-interval:30s}",
            fixedDelayString = "${moe.placement-service.rollout.reconcile-interval:30s}")
    void scheduled() {
        reconcile(false);
    }

    /**
     * One round; {@code force} pushes to every service regardless of what it reports.
     *
     * @return what was done, one line per action (empty when all were in sync or a rollout ran)
     */
    public List<String> reconcile(boolean force) {
        try {
            return lock.tryExclusively(() -> registry.current().map(e -> round(e, force)).orElse(List.of()))
                    .orElse(List.of());
        } catch (RuntimeException e) {
            log.warn("reconcile failed: {}", e.toString());
            return List.of("failed: " + e.getMessage());
        }
    }

    private List<String> round(PlacementEpoch current, boolean force) {
        List<String> actions = Collections.synchronizedList(new ArrayList<>());
        long v = current.version();
        Duration slow = props.prepareTimeout().plus(props.requestTimeout()).plusSeconds(1);
        var held = Parallel.call(instances.experts(), x -> {
            List<Long> versions = versions(x);
            if (x.id() < current.instances() && (force || !versions.contains(v))) {
                experts.prepare(x.uri(), current);
                actions.add("prepared " + v + " on MoE instance " + x.id());
            }
            return versions;
        }, slow);
        var inSync = Parallel.call(instances.attention(), uri -> {
            Optional<PlacementEpoch> on;
            try {
                on = attention.current(uri);
            } catch (ServiceCallException e) {
                if (e.refused()) {
                    return true; // not running: holds no epoch, reads the current one when it starts
                }
                throw e;
            }
            on.ifPresent(e -> registry.noteSeen(e.version()));
            if (force || on.isEmpty() || on.get().version() != v) {
                attention.commit(uri, current);
                actions.add("committed " + v + " on " + uri);
            }
            return true;
        }, props.commitTimeout().plus(props.requestTimeout()).plusSeconds(1));
        if (inSync.stream().allMatch(Parallel.Outcome::ok)) {
            for (var h : held) {
                for (long old : h.ok() ? h.value() : List.<Long>of()) {
                    if (old != v && release(h.target().uri(), old)) {
                        actions.add("released " + old + " on MoE instance " + h.target().id());
                    }
                }
            }
        }
        held.stream().filter(o -> !o.ok()).forEach(o -> actions.add("MoE instance " + o.target().id() + ": " + o.message()));
        inSync.stream().filter(o -> !o.ok()).forEach(o -> actions.add(o.target() + ": " + o.message()));
        if (!actions.isEmpty()) {
            log.info("reconciled epoch {}{}: {}", v, force ? " (re-published)" : "", actions);
        }
        return List.copyOf(actions);
    }

    private List<Long> versions(ExpertInstance x) {
        try {
            List<Long> versions = experts.versions(x.uri()).versions();
            versions.forEach(registry::noteSeen);
            return versions;
        } catch (RuntimeException e) {
            log.debug("no versions from MoE instance {}: {}", x.id(), e.toString());
            return List.of();
        }
    }

    private boolean release(URI uri, long version) {
        try {
            experts.release(uri, version);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
