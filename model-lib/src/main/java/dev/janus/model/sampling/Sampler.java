package dev.janus.model.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the next token from one logits row: greedy argmax when temperature is 0, otherwise
 * temperature → top-k → top-p → a draw from the remaining distribution (HF warper order
 * Temperature, TopK, TopP; vLLM {@code apply_top_k_top_p} gives the same result: top-p acts on the
 * softmax renormalised over the top-k survivors).
 *
 * <p>Top-p keeps the smallest set of most likely tokens whose cumulative probability is ≥ top_p
 * (at least one token); ties are ordered by lower id everywhere, so top_k = 1 and a tiny top_p both
 * reduce exactly to greedy.
 *
 * <p>NaN and -inf logits are never chosen (-inf is how masked tokens look); a row with no other
 * value is an error, and so is a +inf logit. Logprobs ({@link #logprobs}) are log_softmax of the <em>raw</em> logits, before
 * temperature / top-k / top-p, which is what OpenAI and vLLM (default {@code logprobs_mode})
 * report: the model's distribution, not the sampler's.
 *
 * <p>An instance owns O(vocab) scratch and allocates nothing per token on the sampling path; it is
 * not thread-safe — use one per decoding thread.
 */
public final class Sampler {

    private final int vocabSize;
    private final long[] keys;       // [vocab] candidate keys, see CandidateKeys
    private final double[] weights;  // [vocab] unnormalised probabilities exp((l - max) / T)

    public Sampler(int vocabSize) {
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
        this.keys = new long[vocabSize];
        this.weights = new double[vocabSize];
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** The token for {@code logits[offset, offset + vocabSize)}; advances {@code rng} by one draw unless greedy. */
    public int sample(float[] logits, int offset, SamplingParams params, SequenceRandom rng) {
        checkRow(logits, offset);
        if (params.greedy()) {
            return argmax(logits, offset);
        }
        double invT = 1.0 / params.temperature();
        int k = params.effectiveTopK(vocabSize);
        float topP = params.topP();
        if (k == 0 && topP >= 1f) {
            return sampleFullVocabulary(logits, offset, invT, rng.nextDouble());
        }
        int n;
        double mass;
        if (k > 0) {
            n = CandidateKeys.selectTop(logits, offset, vocabSize, k, keys);
            requireSelectable(n);
            mass = fillWeights(n, finite(CandidateKeys.logit(keys[0])), invT); // renormalise over the top-k
        } else {
            float max = maxSelectable(logits, offset);
            mass = 0;
            for (int i = 0; i < vocabSize; i++) {
                mass += weight(logits[offset + i], max, invT);
            }
            n = gatherNucleusSuperset(logits, offset, max, invT, mass, topP);
            Arrays.sort(keys, 0, n);
            fillWeights(n, max, invT);
        }
        if (topP < 1f) {
            n = nucleusSize(n, topP * mass);
        }
        return drawCandidate(n, rng.nextDouble());
    }

    /**
     * log_softmax of the raw row for {@code chosenId} and the {@code topN} most likely tokens
     * (descending, ties by lower id). Allocates the result only.
     */
    public Logprobs logprobs(float[] logits, int offset, int chosenId, int topN) {
        checkRow(logits, offset);
        if (chosenId < 0 || chosenId >= vocabSize) {
            throw new IllegalArgumentException("token id " + chosenId + " outside vocabulary of " + vocabSize);
        }
        if (topN < 0 || topN > vocabSize) {
            throw new IllegalArgumentException("topN must be in [0, " + vocabSize + "], got " + topN);
        }
        float max = maxSelectable(logits, offset);
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            sum += weight(logits[offset + i], max, 1.0);
        }
        double logZ = max + Math.log(sum);
        int n = CandidateKeys.selectTop(logits, offset, vocabSize, topN, keys);
        List<TokenLogprob> top = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            top.add(new TokenLogprob(CandidateKeys.id(keys[j]), (float) (CandidateKeys.logit(keys[j]) - logZ)));
        }
        float chosen = logits[offset + chosenId];
        float chosenLogprob = CandidateKeys.selectable(chosen) ? (float) (chosen - logZ) : Float.NEGATIVE_INFINITY;
        return new Logprobs(new TokenLogprob(chosenId, chosenLogprob), top);
    }

    /** {@link #logprobs(float[], int, int, int)} as the params ask for it, or null when they do not. */
    public Logprobs logprobs(float[] logits, int offset, int chosenId, SamplingParams params) {
        return params.logprobs() ? logprobs(logits, offset, chosenId, params.topLogprobs()) : null;
    }

    /** Index of the largest logit, lowest id on ties. */
    public int argmax(float[] logits, int offset) {
        checkRow(logits, offset);
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            float v = logits[offset + i];
            if (v > bestValue) { // strict: the first (lowest) id wins ties; NaN never compares greater
                bestValue = v;
                best = i;
            }
        }
        requireSelectable(best + 1);
        return best;
    }

    private int sampleFullVocabulary(float[] logits, int offset, double invT, double u) {
        float max = maxSelectable(logits, offset);
        double total = 0;
        for (int i = 0; i < vocabSize; i++) {
            double w = weight(logits[offset + i], max, invT);
            weights[i] = w;
            total += w;
        }
        double target = u * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < vocabSize; i++) {
            double w = weights[i];
            if (w > 0) {
                acc += w;
                last = i;
                if (acc > target) {
                    return i;
                }
            }
        }
        return last; // rounding left target ≥ acc: the last token with any mass
    }

    /**
     * Keys of every token whose probability is ≥ (1 - top_p) / (2 vocab). The tokens left out weigh
     * less than (1 - top_p) / 2 in total, so the nucleus lies inside this set and only it needs
     * sorting; for the peaked distributions of real models it is a few dozen tokens.
     */
    private int gatherNucleusSuperset(float[] logits, int offset, float max, double invT, double mass, float topP) {
        double minProb = (1.0 - topP) / (2.0 * vocabSize);
        double minLogit = max + Math.log(minProb * mass) / invT; // p_i ≥ minProb ⟺ l_i ≥ minLogit
        int n = 0;
        for (int i = 0; i < vocabSize; i++) {
            float v = logits[offset + i];
            if (CandidateKeys.selectable(v) && v >= minLogit) {
                keys[n++] = CandidateKeys.key(v, i);
            }
        }
        requireSelectable(n);
        return n;
    }

    /** weights[j] for the sorted candidates keys[0, n); returns their sum. */
    private double fillWeights(int n, float max, double invT) {
        double total = 0;
        for (int j = 0; j < n; j++) {
            double w = weight(CandidateKeys.logit(keys[j]), max, invT);
            weights[j] = w;
            total += w;
        }
        return total;
    }

    /** Smallest prefix of the sorted candidates whose weight reaches {@code threshold} (≥ 1 token). */
    private int nucleusSize(int n, double threshold) {
        double acc = 0;
        for (int j = 0; j < n; j++) {
            acc += weights[j];
            if (acc >= threshold) {
                return j + 1;
            }
        }
        return n;
    }

    private int drawCandidate(int n, double u) {
        double total = 0;
        for (int j = 0; j < n; j++) {
            total += weights[j];
        }
        double target = u * total;
        double acc = 0;
        int last = 0;
        for (int j = 0; j < n; j++) {
            if (weights[j] > 0) {
                acc += weights[j];
                last = j;
                if (acc > target) {
                    return CandidateKeys.id(keys[j]);
                }
            }
        }
        return CandidateKeys.id(keys[last]);
    }

    private static double weight(float logit, float max, double invT) {
        return CandidateKeys.selectable(logit) ? Math.exp((logit - max) * invT) : 0.0;
    }

    private float maxSelectable(float[] logits, int offset) {
        return finite(logits[offset + argmax(logits, offset)]);
    }

    /** A +inf logit would turn every softmax weight into NaN: it is an upstream bug, say so. */
    private static float finite(float max) {
        if (max == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("logits row contains +inf");
        }
        return max;
    }

    private void checkRow(float[] logits, int offset) {
        if (offset < 0 || offset > logits.length - vocabSize) {
            throw new IllegalArgumentException("logits row [" + offset + ", " + (offset + vocabSize)
                    + ") outside an array of " + logits.length);
        }
    }

    private static void requireSelectable(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("logits row has no finite value (all NaN or -inf)");
        }
    }
}
