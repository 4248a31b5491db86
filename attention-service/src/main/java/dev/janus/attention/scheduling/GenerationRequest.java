package dev.janus.attention.scheduling;

import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.sampling.TokenConstraint;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One sequence to generate (one choice of one prompt).
 *
 * @param choice         index of the choice in the API response; echoed in every event
 * @param prompt         prompt token ids, validated against the vocabulary and the context by the API
 * @param maxTokens      new tokens at most; 0 only computes the prompt (prompt logprobs)
 * @param sampling       temperature, top-k/p and seed (its logprob fields are not used)
 * @param logprobs       -1: none; otherwise the chosen token's logprob plus this many alternatives
 * @param promptLogprobs report the logprobs of every prompt token after the first (completions echo)
 * @param stopTokenIds   tokens that end the sequence with finish reason "stop" (EOS)
 * @param constraint     structured output: a fresh per-sequence mask of the allowed next tokens
 *                       (applied before sampling; the sequence stops when it is complete), or null
 */
public record GenerationRequest(int choice, int[] prompt, int maxTokens, SamplingParams sampling, int logprobs,
                                boolean promptLogprobs, int[] stopTokenIds,
                                @Nullable Supplier<TokenConstraint> constraint) {

    /** Unconstrained. */
    public GenerationRequest(int choice, int[] prompt, int maxTokens, SamplingParams sampling, int logprobs,
                             boolean promptLogprobs, int[] stopTokenIds) {
        this(choice, prompt, maxTokens, sampling, logprobs, promptLogprobs, stopTokenIds, null);
    }

    public GenerationRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (maxTokens < 0 || logprobs < -1) {
            throw new IllegalArgumentException("maxTokens >= 0 and logprobs >= -1 required");
        }
        prompt = prompt.clone();
        stopTokenIds = stopTokenIds.clone();
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
