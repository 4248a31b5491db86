package dev.janus.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static float[] randomLogits(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    private static int[] run(Sampler s, float[] logits, SamplingParams p, int steps) {
        SequenceRandom rng = SequenceRandom.forParams(p);
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = s.sample(logits, 0, p, rng);
        }
        return out;
    }

    @Test
    void greedyIsArgmaxWithLowestIdOnTies() {
        Sampler s = new Sampler(6);
        float[] logits = {0.5f, 3f, -1f, 3f, Float.NaN, 2f};
        assertThat(s.sample(logits, 0, SamplingParams.GREEDY, SequenceRandom.seeded(1))).isEqualTo(1);
        float[] batch = new float[12];
        System.arraycopy(new float[] {0f, 0f, 0f, 0f, 0f, 0f}, 0, batch, 0, 6);
        System.arraycopy(new float[] {-3f, -2f, Float.NEGATIVE_INFINITY, -1f, -1f, -5f}, 0, batch, 6, 6);
        assertThat(s.sample(batch, 0, SamplingParams.GREEDY, null)).isZero();
        assertThat(s.sample(batch, 6, SamplingParams.GREEDY, null)).isEqualTo(3);
    }

    @Test
    void greedyMatchesArgmaxOnRandomRows() {
        Sampler s = new Sampler(1000);
        for (long seed = 0; seed < 20; seed++) {
            float[] logits = randomLogits(1000, seed, 2.0);
            int expected = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[expected]) {
                    expected = i;
                }
            }
            assertThat(s.sample(logits, 0, SamplingParams.GREEDY, null)).isEqualTo(expected);
        }
    }

    @Test
    void sameSeedSameTokensDifferentSeedsDiffer() {
        Sampler s = new Sampler(500);
        float[] logits = randomLogits(500, 3, 0.5); // flat: many plausible tokens
        SamplingParams a = new SamplingParams(1f, 0.95f, 0, 1234L, false, 0);
        assertThat(run(s, logits, a, 200)).isEqualTo(run(new Sampler(500), logits, a, 200));
        assertThat(run(s, logits, a, 200)).isNotEqualTo(run(s, logits, a.withSeed(1235L), 200));
        SamplingParams full = SamplingParams.ofTemperature(0.8f, 99L);
        assertThat(run(s, logits, full, 200)).isEqualTo(run(s, logits, full, 200));
        assertThat(run(s, logits, full, 200)).isNotEqualTo(run(s, logits, full.withSeed(98L), 200));
    }

    @Test
    void rngStateCanBeCapturedAndRestored() {
        SequenceRandom a = SequenceRandom.seeded(5);
        a.nextLong();
        SequenceRandom b = SequenceRandom.restore(a.state());
        assertThat(b.nextLong()).isEqualTo(a.nextLong());
        assertThat(SequenceRandom.seeded(5).nextDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void topKOneAndTinyTopPAreGreedy() {
        Sampler s = new Sampler(300);
        for (long seed = 0; seed < 10; seed++) {
            float[] logits = randomLogits(300, seed, 1.0);
            logits[17] = logits[200] = 10f; // a tie at the top: both must pick the lower id
            int greedy = s.sample(logits, 0, SamplingParams.GREEDY, null);
            assertThat(greedy).isEqualTo(17);
            SequenceRandom rng = SequenceRandom.seeded(seed);
            for (int i = 0; i < 50; i++) {
                assertThat(s.sample(logits, 0, new SamplingParams(1.5f, 1f, 1, null, false, 0), rng)).isEqualTo(greedy);
                assertThat(s.sample(logits, 0, new SamplingParams(1.5f, 1e-6f, 0, null, false, 0), rng)).isEqualTo(greedy);
            }
        }
    }

    @Test
    void topPMatchesAFullSortReference() {
        int vocab = 32_000;
        Sampler s = new Sampler(vocab);
        for (float topP : new float[] {0.5f, 0.9f, 0.99f}) {
            for (double scale : new double[] {0.3, 3.0}) { // flat and peaked rows
                float[] logits = randomLogits(vocab, 11, scale);
                SamplingParams p = new SamplingParams(0.9f, topP, 0, 77L, false, 0);
                SequenceRandom rng = SequenceRandom.seeded(77);
                SequenceRandom refRng = SequenceRandom.seeded(77);
                for (int i = 0; i < 30; i++) {
                    assertThat(s.sample(logits, 0, p, rng))
                            .as("top_p %s scale %s step %d", topP, scale, i)
                            .isEqualTo(referenceTopP(logits, 0.9, topP, refRng.nextDouble()));
                }
            }
        }
    }

    /** Naive top-p: sort the whole vocabulary (logit desc, id asc), cut, walk. */
    private static int referenceTopP(float[] logits, double temperature, float topP, double u) {
        Integer[] ids = new Integer[logits.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        float max = logits[ids[0]];
        double z = 0;
        for (float l : logits) {
            z += Math.exp((l - max) * (1.0 / temperature));
        }
        double acc = 0;
        int n = 0;
        while (n < ids.length) {
            acc += Math.exp((logits[ids[n++]] - max) * (1.0 / temperature));
            if (acc >= topP * z) {
                break;
            }
        }
        double target = u * acc;
        double walk = 0;
        for (int j = 0; j < n; j++) {
            walk += Math.exp((logits[ids[j]] - max) * (1.0 / temperature));
            if (walk > target) {
                return ids[j];
            }
        }
        return ids[n - 1];
    }

    @Test
    void logprobsAreLogSoftmaxOfRawLogitsSortedDescending() {
        int vocab = 100;
        Sampler s = new Sampler(vocab);
        float[] logits = randomLogits(vocab, 5, 2.0);
        logits[40] = logits[60] = 7f; // tie at the top: lower id first
        Logprobs all = s.logprobs(logits, 0, 12, vocab);
        double sum = 0;
        for (TokenLogprob t : all.top()) {
            sum += Math.exp(t.logprob());
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        List<TokenLogprob> top = all.top();
        assertThat(top.get(0).tokenId()).isEqualTo(40);
        assertThat(top.get(1).tokenId()).isEqualTo(60);
        for (int i = 1; i < top.size(); i++) {
            TokenLogprob prev = top.get(i - 1);
            TokenLogprob cur = top.get(i);
            assertThat(prev.logprob() > cur.logprob()
                    || prev.logprob() == cur.logprob() && prev.tokenId() < cur.tokenId()).isTrue();
        }
        double max = 7;
        double z = 0;
        for (float l : logits) {
            z += Math.exp(l - max);
        }
        assertThat((double) all.chosen().logprob()).isCloseTo(logits[12] - max - Math.log(z), within(1e-5));
        // Temperature does not change the reported numbers: they describe the model, not the sampler.
        Logprobs top3 = s.logprobs(logits, 0, 12, new SamplingParams(0.3f, 0.5f, 4, 1L, true, 3));
        assertThat(top3.top()).containsExactlyElementsOf(top.subList(0, 3));
        assertThat(top3.chosen()).isEqualTo(all.chosen());
        assertThat(s.logprobs(logits, 0, 12, SamplingParams.GREEDY)).isNull();
    }

    @Test
    void maskedRowsAndBadArgumentsAreRejected() {
        Sampler s = new Sampler(3);
        float[] masked = {Float.NEGATIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY};
        assertThatThrownBy(() -> s.sample(masked, 0, SamplingParams.GREEDY, null))
                .hasMessageContaining("no finite value");
        assertThatThrownBy(() -> s.sample(masked, 0, SamplingParams.ofTemperature(1f, 1L), SequenceRandom.seeded(1)))
                .hasMessageContaining("no finite value");
        assertThatThrownBy(() -> s.sample(new float[4], 2, SamplingParams.GREEDY, null))
                .hasMessageContaining("outside an array of 4");
        assertThatThrownBy(() -> s.logprobs(new float[3], 0, 3, 0)).hasMessageContaining("token id 3");
        assertThatThrownBy(() -> new Sampler(0)).hasMessageContaining("vocabSize");
        float[] inf = {0f, Float.POSITIVE_INFINITY, 1f};
        assertThatThrownBy(() -> s.sample(inf, 0, SamplingParams.ofTemperature(1f, 1L), SequenceRandom.seeded(1)))
                .hasMessageContaining("+inf");
        // masked tokens are never sampled
        float[] partly = {Float.NEGATIVE_INFINITY, 0f, Float.NaN};
        SequenceRandom rng = SequenceRandom.seeded(3);
        for (int i = 0; i < 100; i++) {
            assertThat(s.sample(partly, 0, SamplingParams.ofTemperature(2f, null), rng)).isEqualTo(1);
        }
    }
}
