package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBandwidthTest {

    @Test
    void measuresAPlausibleBandwidth() {
        try (ComputePool pool = new ComputePool(2, "bw")) {
            double gbps = MemoryBandwidth.measureGBps(pool, 16L << 20, 3);
            // any machine that runs the tests streams between 0.1 GB/s and 10 TB/s
            assertThat(gbps).isBetween(0.1, 10_000.0);
        }
    }
}
