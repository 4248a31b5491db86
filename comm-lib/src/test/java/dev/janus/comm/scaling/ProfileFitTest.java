package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.scaling.HardwareProfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Least squares recovers known constants from synthetic per-layer times, and reports its error. */
class ProfileFitTest {

    static final ModelDescription MODEL = ModelDescriptions.builtIn("qwen3-235b-like");
    // truth: 150 µs, 25 GB/s, 150 GFLOP/s, additive (a CPU)
    static final StageCost TRUTH = new StageCost(150_000, 1e9 / 25e9, 1e9 / 150e9, false);

    static LayerLatency latencyOf(StageCost cost) {
        HardwareProfile cpu = HardwareProfiles.builtIn("cpu-placeholder");
        Stage stage = new ProfileFit.StageFit(cost, 0, 0, 0).toStage("truth");
        return new LayerLatency(MODEL, new HardwareProfile(cpu.schema(), "truth", "cpu", "truth", false, cpu.memoryBytes(),
                cpu.usableMemoryFraction(), stage, stage, cpu.intraNode(), cpu.interNode(), cpu.devicesPerNode(), null));
    }

    static List<ProfileFit.AttentionSample> attentionSamples(double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LayerLatency truth = latencyOf(TRUTH);
        List<ProfileFit.AttentionSample> samples = new ArrayList<>();
        for (int b = 1; b <= 64; b *= 2) {
            for (int ctx : new int[] {128, 512, 2048, 8192}) {
                double t = truth.attentionNanosAt(b, ctx) * (1 + noise * (2 * random.nextDouble() - 1));
                samples.add(new ProfileFit.AttentionSample(b, ctx, t));
            }
        }
        return samples;
    }

    @Test
    void exactSamplesGiveTheExactConstants() {
        ProfileFit.StageFit fit = ProfileFit.attention(MODEL, attentionSamples(0, 1));
        assertThat(fit.cost().overheadNanos()).isCloseTo(TRUTH.overheadNanos(), within(1e-3));
        assertThat(fit.cost().nanosPerByte()).isCloseTo(TRUTH.nanosPerByte(), within(1e-9));
        assertThat(fit.cost().nanosPerFlop()).isCloseTo(TRUTH.nanosPerFlop(), within(1e-9));
        assertThat(fit.maxRelativeError()).isLessThan(1e-9);
        assertThat(fit.samples()).isEqualTo(28);
    }

    @Test
    void noisySamplesGiveCloseConstantsAndAnHonestError() {
        ProfileFit.StageFit fit = ProfileFit.attention(MODEL, attentionSamples(0.03, 7));
        // ±3 % noise on times dominated by the constant weight read: the per-byte rate is learnt from
        // the KV part alone, so it moves more than the noise (6.7 % with this seed)
        assertThat(fit.cost().nanosPerByte() / TRUTH.nanosPerByte()).isCloseTo(1, within(0.10));
        assertThat(fit.cost().nanosPerFlop() / TRUTH.nanosPerFlop()).isCloseTo(1, within(0.15));
        assertThat(fit.maxRelativeError()).isBetween(0.005, 0.06);
        assertThat(fit.rmsErrorNanos()).isPositive();
    }

    @Test
    void moeFitAndNonNegativity() {
        LayerLatency truth = latencyOf(TRUTH);
        List<ProfileFit.MoeSample> samples = new ArrayList<>();
        for (int a = 1; a <= 16; a *= 2) {
            for (int rows = a; rows <= 256; rows *= 4) {
                samples.add(new ProfileFit.MoeSample(a, rows, truth.moeNanos(new MoeActivity(a, rows))));
            }
        }
        ProfileFit.StageFit fit = ProfileFit.moe(MODEL, samples);
        assertThat(fit.cost().nanosPerByte()).isCloseTo(TRUTH.nanosPerByte(), within(1e-9));
        assertThat(fit.cost().overheadNanos()).isCloseTo(TRUTH.overheadNanos(), within(1e-3));
        // times that fall with bytes cannot give a negative bandwidth: the per-byte term is dropped
        double[][] x = {{1, 1, 0}, {1, 2, 1}, {1, 3, 0}, {1, 4, 1}};
        double[] y = {10, 9, 8, 7.5};
        double[] c = LeastSquares.nonNegative(x, y);
        assertThat(c[1]).isZero();
        assertThat(java.util.Arrays.stream(c).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    }
}
