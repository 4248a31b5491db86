package dev.janus.attention.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.ActivationStatistics;
import dev.janus.model.moe.RoutingDecision;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gauges' shared snapshot and the per-layer summaries they report. */
class CachedSnapshotTest {

    @Test
    void oneSnapshotPerMaxAgeThenAFreshOne() {
        ActivationStatistics stats = new ActivationStatistics(2, 4, Duration.ofMinutes(10), 10);
        AtomicLong now = new AtomicLong(0);
        CachedSnapshot cache = new CachedSnapshot(stats, 1_000, now::get);
        ActivationSnapshot first = cache.get();
        stats.onRouting(1, routing(new int[][] {{0, 1}, {0, 2}}));
        now.set(1_000);
        assertThat(cache.get()).isSameAs(first);
        now.set(1_001);
        ActivationSnapshot fresh = cache.get();
        assertThat(fresh).isNotSameAs(first);
        assertThat(ActivationStatsMetrics.layerTotal(fresh, 1)).isEqualTo(4);
        assertThat(ActivationStatsMetrics.layerTotal(fresh, 0)).isZero();
    }

    @Test
    void imbalanceIsHottestOverMeanAndZeroWhenIdle() {
        ActivationStatistics stats = new ActivationStatistics(2, 4, Duration.ofMinutes(10), 10);
        // layer 0: expert 0 twice, experts 1 and 2 once; 4 activations over 4 experts, mean 1
        stats.onRouting(0, routing(new int[][] {{0, 1}, {0, 2}}));
        ActivationSnapshot s = stats.snapshot();
        assertThat(ActivationStatsMetrics.imbalance(s, 0)).isEqualTo(2.0);
        assertThat(ActivationStatsMetrics.imbalance(s, 1)).isZero();
    }

    private static RoutingDecision routing(int[][] experts) {
        RoutingDecision r = new RoutingDecision();
        r.reset(experts.length, experts[0].length);
        for (int t = 0; t < experts.length; t++) {
            for (int s = 0; s < experts[t].length; s++) {
                r.set(t, s, experts[t][s], 1f / experts[t].length);
            }
        }
        return r;
    }
}
