package dev.janus.placement.stats;

import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.Parallel;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Recent routing decisions of every attention-service ({@code GET /internal/activation-stats/routing},
 * RoutingTraceWriter format), fetched when a plan is made, to replay through the scheduler. An
 * instance without the endpoint (404), unreachable, or with another model's routing contributes
 * nothing; with no sample at all the prediction falls back to synthetic routing.
 */
@Component
public class RoutingSampler {

    private static final Logger log = LoggerFactory.getLogger(RoutingSampler.class);

    private final ServiceInstances instances;
    private final AttentionClient attention;
    private final Duration timeout;

    public RoutingSampler(ServiceInstances instances, AttentionClient attention, PlacementServiceProperties props) {
        this.instances = instances;
        this.attention = attention;
        this.timeout = props.stats().timeout().plusSeconds(1);
    }

    /** Every instance's recent decisions for a model of {@code layers} x {@code experts}, concatenated. */
    public List<RoutingTraceReader.Entry> sample(int layers, int experts) {
        List<RoutingTraceReader.Entry> entries = new ArrayList<>();
        for (var outcome : Parallel.call(instances.attention(), attention::routing, timeout)) {
            if (!outcome.ok()) {
                log.debug("no routing sample from {}: {}", outcome.target(), outcome.message());
                continue;
            }
            Optional<byte[]> body = outcome.value();
            if (body.isEmpty()) {
                continue;
            }
            try {
                RoutingTraceReader.Trace trace = RoutingTraceReader.decode(body.get());
                if (trace.experts() == experts) {
                    trace.entries().stream().filter(e -> e.layer() < layers).forEach(entries::add);
                }
            } catch (RuntimeException e) {
                log.warn("unreadable routing sample from {}: {}", outcome.target(), e.toString());
            }
        }
        return entries;
    }
}
