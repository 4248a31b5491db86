package dev.janus.benchmarks.jlama;

/**
 * Wall-clock times of one {@link DecodeRun#run}.
 *
 * @param prefillSeconds prompt forward plus sampling of the first generated token
 * @param decodeSeconds  the {@code tokens.length - 1} single-token steps after it (forward, lm_head, argmax)
 * @param tokens         the greedy tokens: the one sampled after prefill, then one per decode step
 */
record DecodeTiming(double prefillSeconds, double decodeSeconds, int[] tokens) {

    int decodeSteps() {
        return tokens.length - 1;
    }

    double decodeTokensPerSecond() {
        return decodeSteps() / decodeSeconds;
    }
}
