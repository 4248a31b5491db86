package dev.janus.comm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void countsDistinctNonNegativeIdsOfThePrefixAcrossCalls() {
        DistinctCounter c = new DistinctCounter();
        assertThat(c.count(new int[] {3, -1, 3, 0, 7, 0, 9}, 6)).isEqualTo(3); // 3, 0, 7; 9 is past n
        assertThat(c.count(new int[] {7, 7, -1}, 3)).isEqualTo(1);            // no memory of the last call
        assertThat(c.count(new int[] {-1, -1}, 2)).isZero();
        assertThat(c.count(new int[] {100, 2, 100, 2, 5}, 5)).isEqualTo(3);   // grows past its table
    }
}
