package dev.janus.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Empirical distributions against the exact ones with a chi-square statistic at a fixed seed.
 * The bounds are the chi-square quantiles for p = 1e-6 (df 5: 35.9, df 2: 27.6, df 1: 23.9), and
 * each test also checks that a plausible wrong distribution is rejected, so the test can fail.
 */
class SamplerDistributionTest {

    private static final int DRAWS = 200_000;

    private static long[] histogram(float[] logits, SamplingParams p) {
        Sampler s = new Sampler(logits.length);
        SequenceRandom rng = SequenceRandom.forParams(p);
        long[] counts = new long[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[s.sample(logits, 0, p, rng)]++;
        }
        return counts;
    }

    private static double[] softmax(float[] logits, double temperature, int keep) {
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < keep; i++) { // the tests order logits so that "keep" is a prefix
            p[i] = Math.exp(logits[i] / temperature);
            z += p[i];
        }
        for (int i = 0; i < keep; i++) {
            p[i] /= z;
        }
        return p;
    }

    /** Pearson chi-square; a draw of a zero-probability token makes it infinite. */
    private static double chiSquare(long[] observed, double[] expectedProb) {
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = expectedProb[i] * DRAWS;
            if (e == 0) {
                if (observed[i] > 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    @Test
    void temperatureSamplingMatchesSoftmaxOfScaledLogits() {
        float[] logits = {2.0f, 1.0f, 1.0f, 0.5f, 0.0f, -1.0f};
        long[] counts = histogram(logits, SamplingParams.ofTemperature(0.8f, 42L));
        assertThat(chiSquare(counts, softmax(logits, 0.8, 6))).isLessThan(35.9);
        assertThat(chiSquare(counts, softmax(logits, 1.0, 6))).as("temperature ignored").isGreaterThan(35.9);
    }

    @Test
    void topKRenormalisesOverTheKBest() {
        float[] logits = {2.0f, 1.5f, 1.0f, 0.9f, 0.0f, -1.0f};
        long[] counts = histogram(logits, new SamplingParams(1.0f, 1f, 3, 7L, false, 0));
        assertThat(chiSquare(counts, softmax(logits, 1.0, 3))).isLessThan(27.6);
        assertThat(chiSquare(counts, softmax(logits, 1.0, 4))).as("top_k ignored").isGreaterThan(27.6);
        assertThat(counts[3] + counts[4] + counts[5]).isZero();
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        // probabilities 0.5, 0.3, 0.15, 0.05: top_p 0.75 keeps {0, 1}, top_p 0.85 keeps {0, 1, 2}
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        long[] two = histogram(logits, new SamplingParams(1f, 0.75f, 0, 3L, false, 0));
        assertThat(chiSquare(two, softmax(logits, 1.0, 2))).isLessThan(23.9);
        assertThat(chiSquare(two, softmax(logits, 1.0, 3))).isGreaterThan(23.9);
        long[] three = histogram(logits, new SamplingParams(1f, 0.85f, 0, 3L, false, 0));
        assertThat(chiSquare(three, softmax(logits, 1.0, 3))).isLessThan(27.6);
        assertThat(three[3]).isZero();
    }

    @Test
    void topPActsOnTheTopKRenormalisedDistribution() {
        // full distribution 0.5, 0.3, 0.15, 0.05 reaches 0.83 only with 3 tokens; after top_k = 3 it is
        // 0.526, 0.316, 0.158 and 2 tokens (0.842) suffice — HF / vLLM order: top-k, then top-p.
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        long[] counts = histogram(logits, new SamplingParams(1f, 0.83f, 3, 5L, false, 0));
        assertThat(chiSquare(counts, softmax(logits, 1.0, 2))).isLessThan(23.9);
        assertThat(counts[2]).isZero();
    }
}
