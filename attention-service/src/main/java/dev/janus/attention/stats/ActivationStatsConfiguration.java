package dev.janus.attention.stats;

import dev.janus.comm.stats.ActivationStatistics;
import dev.janus.comm.stats.RecentRouting;
import dev.janus.comm.stats.RoutingTraceWriter;
import dev.janus.model.model.Model;
import dev.janus.model.moe.MoeLayer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Activation statistics of this attention instance (always on; per layer, per logical expert,
 * and co-activated pairs over moe.stats.window) for the placement service, their gauges, and the
 * optional routing trace (moe.stats.trace-file). {@link #routingObserver} is what the engine sees.
 */
@Configuration(proxyBeanMethods = false)
public class ActivationStatsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ActivationStatsConfiguration.class);

    @Bean
    ActivationStatistics activationStatistics(Model model, StatsProperties stats) {
        var cfg = model.config();
        return new ActivationStatistics(cfg.numLayers(), cfg.numExperts(), stats.window(), stats.buckets());
    }

    @Bean
    CachedSnapshot cachedActivationSnapshot(ActivationStatistics statistics, Model model, MeterRegistry registry) {
        CachedSnapshot cache = new CachedSnapshot(statistics, TimeUnit.SECONDS.toNanos(1), System::nanoTime);
        ActivationStatsMetrics.register(registry, cache, model.config().numLayers(), model.config().numExperts());
        return cache;
    }

    /** Closed after the scheduler that writes to it has stopped (it depends on this bean). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "moe.stats.trace-file")
    RoutingTraceWriter routingTraceWriter(Model model, StatsProperties stats) {
        var cfg = model.config();
        log.info("recording every routing decision to {}", stats.traceFile());
        return new RoutingTraceWriter(stats.traceFile(), cfg.numExperts(), cfg.numExpertsPerToken());
    }

    /** The last routing decisions, for placement-service's replay of a plan (GET /internal/activation-stats/routing). */
    @Bean
    RecentRouting recentRouting(Model model, StatsProperties stats) {
        var cfg = model.config();
        return new RecentRouting(cfg.numExperts(), cfg.numExpertsPerToken(), Math.max(1, stats.recentDecisions()));
    }

    @Bean
    CompositeRoutingObserver routingObserver(ActivationStatistics statistics, RecentRouting recent, StatsProperties stats,
                                             Optional<RoutingTraceWriter> trace) {
        // Optional (not ObjectProvider) so the scheduler -> observer -> trace dependency is
        // registered and the trace is closed only after the scheduler has stopped writing
        List<MoeLayer.RoutingObserver> observers = new ArrayList<>(List.of(statistics));
        if (stats.recentDecisions() > 0) {
            observers.add(recent);
        }
        trace.ifPresent(observers::add);
        return new CompositeRoutingObserver(observers);
    }
}
