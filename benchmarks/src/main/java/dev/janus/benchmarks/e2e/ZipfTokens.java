package dev.janus.benchmarks.e2e;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The skewed workload's token stream: token ids in [3, vocab) drawn with probability
 * ∝ 1 / (rank + 1)^s, ranks a seeded permutation of the vocabulary (s = 0: uniform). Natural
 * text has Zipfian token frequencies (s ≈ 1), and a router's choice depends strongly on the
 * current token (on a generated model, whose weights are random, the residual stream is mostly
 * the token's embedding), so a Zipfian stream makes some experts hot, as in real serving.
 */
final class ZipfTokens {

    private static final int FIRST = 3; // skip bos/eos/pad-like low ids, as the other benchmarks do

    private final int[] tokenOfRank; // [vocab - FIRST]
    private final double[] cdf;      // [vocab - FIRST] cumulative probability by rank

    ZipfTokens(int vocab, double s, long seed) {
        int n = vocab - FIRST;
        tokenOfRank = new int[n];
        for (int i = 0; i < n; i++) {
            tokenOfRank[i] = FIRST + i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = tokenOfRank[i];
            tokenOfRank[i] = tokenOfRank[j];
            tokenOfRank[j] = t;
        }
        cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Math.pow(r + 1, -s);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
    }

    int next(SplittableRandom random) {
        int r = Arrays.binarySearch(cdf, random.nextDouble());
        return tokenOfRank[Math.min(r >= 0 ? r : -r - 1, tokenOfRank.length - 1)];
    }

    /** Probability mass of the {@code n} most frequent tokens. */
    double topShare(int n) {
        return cdf[Math.min(n, cdf.length) - 1];
    }
}
