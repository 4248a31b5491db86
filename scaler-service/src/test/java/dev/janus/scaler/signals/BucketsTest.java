package dev.janus.scaler.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketsTest {

    /**
     * 100 observations: 10 ≤ 0.01, 60 ≤ 0.02, 90 ≤ 0.04, 100 in total. Median: rank 50 lies in
     * (0.01, 0.02] holding 50, 40 into it → 0.01 + 0.01 · 40/50 = 0.018 (histogram_quantile's answer).
     * p99: rank 99 lies in the +Inf bucket → the highest finite bound, 0.04.
     */
    @Test
    void quantilesAsPromQlComputesThem() {
        Buckets b = Buckets.empty();
        b.add(0.01, 10);
        b.add(0.02, 60);
        b.add(0.04, 90);
        b.add(Double.POSITIVE_INFINITY, 100);
        assertThat(b.quantile(0.5)).isCloseTo(0.018, within(1e-12));
        assertThat(b.quantile(0.99)).isEqualTo(0.04);
        assertThat(b.quantile(0.05)).isCloseTo(0.005, within(1e-12));
    }

    @Test
    void differenceOfScrapesAndRestarts() {
        Buckets before = Buckets.empty();
        before.add(0.01, 5);
        before.add(Double.POSITIVE_INFINITY, 10);
        Buckets after = Buckets.empty();
        after.add(0.01, 15);
        after.add(Double.POSITIVE_INFINITY, 20);
        assertThat(after.minus(before).counts()).containsEntry(0.01, 10.0).containsEntry(Double.POSITIVE_INFINITY, 10.0);
        Buckets restarted = Buckets.empty();
        restarted.add(0.01, 1);
        restarted.add(Double.POSITIVE_INFINITY, 2);
        assertThat(restarted.minus(before).counts()).containsEntry(0.01, 1.0).containsEntry(Double.POSITIVE_INFINITY, 2.0);
        assertThat(Buckets.empty().quantile(0.5)).isNull();
    }
}
