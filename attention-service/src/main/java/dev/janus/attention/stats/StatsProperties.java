package dev.janus.attention.stats;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Expert activation statistics (always recorded) and the optional routing trace.
 *
 * @param window    the sliding window the statistics cover
 * @param buckets   time buckets of the window (the window slides by window / buckets)
 * @param traceFile when set, every routing decision of this run is written there
 *                  ({@code RoutingTraceWriter} format), closed on shutdown
 * @param recentDecisions the last routing decisions kept for placement-service to replay
 *                  ({@code GET /internal/activation-stats/routing}); 0 = none
 */
@ConfigurationProperties("moe.stats")
public record StatsProperties(
        @DefaultValue("10m") Duration window,
        @DefaultValue("10") int buckets,
        @Nullable Path traceFile,
        @DefaultValue("2048") int recentDecisions) {

    public StatsProperties {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("moe.stats.window must be positive");
        }
        if (buckets < 1 || buckets > 3600) {
            throw new IllegalArgumentException("moe.stats.buckets must be in [1, 3600]");
        }
        if (recentDecisions < 0 || recentDecisions > 1 << 20) {
            throw new IllegalArgumentException("moe.stats.recent-decisions must be in [0, 1048576], got " + recentDecisions);
        }
    }
}
