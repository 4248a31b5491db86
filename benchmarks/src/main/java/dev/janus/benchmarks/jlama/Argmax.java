package dev.janus.benchmarks.jlama;

/** Greedy sampling over a logits row; first index wins ties, as Jlama's sample(temperature 0) does. */
final class Argmax {

    private Argmax() {
    }

    static int of(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
