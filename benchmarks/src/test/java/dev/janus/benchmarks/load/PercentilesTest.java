package dev.janus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void linearInterpolationAsNumpyPercentile() {
        // numpy.percentile(range(1, 11), [50, 90, 99]) == [5.5, 9.1, 9.91]
        Percentiles p = Percentiles.of(new double[] {7, 1, 10, 3, 5, 2, 9, 4, 8, 6});

        assertThat(p.p50()).isCloseTo(5.5, within(1e-12));
        assertThat(p.p90()).isCloseTo(9.1, within(1e-12));
        assertThat(p.p99()).isCloseTo(9.91, within(1e-12));
    }

    @Test
    void endsAreTheMinimumAndMaximum() {
        double[] sorted = {2, 4, 8};

        assertThat(Percentiles.percentile(sorted, 0)).isEqualTo(2);
        assertThat(Percentiles.percentile(sorted, 100)).isEqualTo(8);
        assertThat(Percentiles.percentile(sorted, 25)).isEqualTo(3);
    }

    @Test
    void oneValueIsEveryPercentileAndNoValueIsNaN() {
        assertThat(Percentiles.of(new double[] {3.5})).isEqualTo(new Percentiles(3.5, 3.5, 3.5));
        assertThat(Percentiles.of(new double[0]).p50()).isNaN();
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3, 1, 2};
        Percentiles.of(values);

        assertThat(values).containsExactly(3, 1, 2);
    }
}
