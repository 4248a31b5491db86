package dev.janus.model.sampling;

/**
 * Per-request sampling settings, validated on construction (OpenAI / vLLM names and ranges).
 *
 * @param temperature  logits are divided by it before top-k / top-p; 0 means greedy (argmax)
 * @param topP         nucleus mass in (0, 1]; 1 disables top-p
 * @param topK         keep the k most likely tokens; 0 or -1 disables top-k (vLLM convention)
 * @param seed         per-sequence RNG seed; null draws a random one (non-reproducible)
 * @param logprobs     report the chosen token's log-probability
 * @param topLogprobs  also report the N most likely alternatives (0..{@value #MAX_TOP_LOGPROBS}),
 *                     needs {@code logprobs} (OpenAI rejects top_logprobs without logprobs)
 */
public record SamplingParams(float temperature, float topP, int topK, Long seed, boolean logprobs, int topLogprobs) {

    /** OpenAI's limit for chat {@code top_logprobs}. */
    public static final int MAX_TOP_LOGPROBS = 20;

    /** Deterministic argmax decoding, no logprobs. */
    public static final SamplingParams GREEDY = new SamplingParams(0f, 1f, 0, null, false, 0);

    public SamplingParams {
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (topK < -1) {
            throw new IllegalArgumentException("top_k must be >= 1, or 0 / -1 to disable it, got " + topK);
        }
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException(
                    "top_logprobs must be in [0, " + MAX_TOP_LOGPROBS + "], got " + topLogprobs);
        }
        if (topLogprobs > 0 && !logprobs) {
            throw new IllegalArgumentException("top_logprobs requires logprobs to be true");
        }
    }

    /** Sampling with the given temperature and no filtering, seeded or not. */
    public static SamplingParams ofTemperature(float temperature, Long seed) {
        return new SamplingParams(temperature, 1f, 0, seed, false, 0);
    }

    public boolean greedy() {
        return temperature == 0f;
    }

    /** top_k as an active limit, or 0 when disabled (also when it is at least the vocabulary). */
    int effectiveTopK(int vocabSize) {
        return topK <= 0 || topK >= vocabSize ? 0 : topK;
    }

    public SamplingParams withSeed(Long newSeed) {
        return new SamplingParams(temperature, topP, topK, newSeed, logprobs, topLogprobs);
    }
}
