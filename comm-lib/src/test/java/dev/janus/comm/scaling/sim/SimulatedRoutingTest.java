package dev.janus.comm.scaling.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.scaling.AnalyticAMax;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.ReplayedAMax;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the simulator's a_max comes from: the analytic bound, or skewed / recorded routing through the scheduler. */
class SimulatedRoutingTest {

    static final ModelDescription V2 = ModelDescriptions.builtIn("deepseek-v2-like");

    @Test
    void zipfPopularityHasTheHarmonicHotToMeanRatio() {
        // s = 1 over E experts: hottest / mean = E / H(E); E = 160: 160 / 5.6557 = 28.29
        ExpertLoad load = SimulatedRouting.zipf(3, 160, 1, 7);
        assertThat(SimulatedRouting.hotOverMean(load)).isCloseTo(28.29, within(0.01));
        assertThat(SimulatedRouting.hotOverMean(SimulatedRouting.zipf(3, 160, 0, 7))).isEqualTo(1);
        // each layer its own order of the experts
        long[] c = load.counts();
        assertThat(java.util.Arrays.copyOfRange(c, 0, 160)).isNotEqualTo(java.util.Arrays.copyOfRange(c, 160, 320));
    }

    @Test
    void uniformIsTheAnalyticBoundAndZipfIsReplayed() {
        assertThat(SimulatedRouting.parse("uniform", V2, 1).aMax()).isInstanceOf(AnalyticAMax.class);
        SimulatedRouting skewed = SimulatedRouting.parse("zipf:0.5", V2, 1);
        assertThat(skewed.aMax()).isInstanceOf(ReplayedAMax.class);
        assertThat(skewed.hotOverMean()).isGreaterThan(2);
        assertThat(skewed.name()).contains("zipf s=0.50");
        // skew concentrates a batch's routing on fewer distinct experts, so a 16-token batch reads fewer
        // experts on the busiest of 8 instances than uniform routing does
        double uniform = SimulatedRouting.parse("zipf:0", V2, 1).aMax().activity(8, 0, 16).aMax();
        assertThat(skewed.aMax().activity(8, 0, 16).aMax()).isLessThan(uniform);
    }

    @Test
    void badSpecificationsAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SimulatedRouting.parse("zipf:-1", V2, 1)).hasMessageContaining("0 <= S <= 4");
        assertThatThrownBy(() -> SimulatedRouting.parse("zipf:hot", V2, 1)).hasMessageContaining("got 'zipf:hot'");
        Path missing = dir.resolve("none.bin");
        assertThatThrownBy(() -> SimulatedRouting.parse(missing.toString(), V2, 1)).hasMessageContaining("none.bin");
        assertThat(Files.exists(missing)).isFalse();
    }
}
