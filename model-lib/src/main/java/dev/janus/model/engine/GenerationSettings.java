package dev.janus.model.engine;

import dev.janus.model.sampling.SamplingParams;

/**
 * What one generation asks for.
 *
 * @param maxTokens      new tokens at most
 * @param sampling       temperature, top-k/p, seed, logprobs
 * @param topLogprobs    alternatives per position reported with logprobs (0 = chosen token only)
 * @param promptLogprobs also report logprobs of every prompt token after the first
 * @param stopTokenIds   tokens that end generation (EOS); the stop token is kept in the output
 */
public record GenerationSettings(int maxTokens, SamplingParams sampling, int topLogprobs,
                                 boolean promptLogprobs, int[] stopTokenIds) {

    public GenerationSettings {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        }
        if (topLogprobs < 0) {
            throw new IllegalArgumentException("top logprobs must be >= 0, got " + topLogprobs);
        }
        stopTokenIds = stopTokenIds == null ? new int[0] : stopTokenIds.clone();
    }

    boolean isStop(int token) {
        for (int s : stopTokenIds) {
            if (s == token) {
                return true;
            }
        }
        return false;
    }
}
