package dev.janus.placement.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.Parallel;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls every attention-service's {@code /internal/activation-stats} each
 * {@code moe.placement-service.stats.poll-interval} and merges the latest snapshot of each
 * ({@link SnapshotMerge}); a snapshot older than {@code stale-after} (its instance stopped
 * answering or left discovery) drops out of the merge.
 */
@Component
public class StatsCollector {

    private static final Logger log = LoggerFactory.getLogger(StatsCollector.class);

    /** The cluster's statistics: the merged snapshot and the instances it came from. */
    public record Merged(ActivationSnapshot snapshot, List<URI> from) {}

    private final ServiceInstances instances;
    private final AttentionClient attention;
    private final PlacementServiceProperties.Stats props;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<URI, InstancePoll> polls = new ConcurrentHashMap<>();

    public StatsCollector(ServiceInstances instances, AttentionClient attention, PlacementServiceProperties props,
                          Clock clock, ApplicationEventPublisher events) {
        this.instances = instances;
        this.attention = attention;
        this.props = props.stats();
        this.clock = clock;
        this.events = events;
    }

    @Scheduled(initialDelayString = "0s", fixedDelayString = "${moe.placement-service.stats.poll-interval:10s}")
    public void poll() {
        List<URI> targets;
        try {
            targets = instances.attention();
        } catch (RuntimeException e) {
            log.warn("cannot list attention-services: {}", e.toString());
            return;
        }
        polls.keySet().retainAll(targets);
        for (var outcome : Parallel.call(targets, attention::stats, props.timeout().plusSeconds(1))) {
            Instant now = clock.instant();
            InstancePoll before = polls.getOrDefault(outcome.target(),
                    new InstancePoll(outcome.target(), null, null, null, null));
            polls.put(outcome.target(), outcome.ok() ? before.succeeded(now, outcome.value())
                    : before.failed(now, outcome.message()));
        }
        events.publishEvent(new StatsPolled(this));
    }

    /** Per instance, in URI order. */
    public List<InstancePoll> instances() {
        return polls.values().stream().sorted(Comparator.comparing(p -> p.uri().toString())).toList();
    }

    /**
     * The sum of the fresh snapshots of shape {@code layers x experts} (or, with {@code layers}
     * 0, of the shape most recently reported); null snapshot when there are none.
     */
    public Merged merged(int layers, int experts) {
        Instant freshAfter = clock.instant().minus(props.staleAfter());
        List<InstancePoll> fresh = instances().stream()
                .filter(p -> p.snapshot() != null && p.lastSuccessAt().isAfter(freshAfter)).toList();
        if (layers == 0 && !fresh.isEmpty()) {
            ActivationSnapshot newest = fresh.stream().max(Comparator.comparing(InstancePoll::lastSuccessAt))
                    .orElseThrow().snapshot();
            layers = newest.layers();
            experts = newest.experts();
        }
        List<ActivationSnapshot> same = new ArrayList<>();
        List<URI> from = new ArrayList<>();
        for (InstancePoll p : fresh) {
            if (p.snapshot().layers() == layers && p.snapshot().experts() == experts) {
                same.add(p.snapshot());
                from.add(p.uri());
            }
        }
        return new Merged(SnapshotMerge.sum(same), from);
    }

    /** Published after every poll (the epoch bootstrap learns the model's shape from it). */
    public record StatsPolled(StatsCollector source) {}
}
