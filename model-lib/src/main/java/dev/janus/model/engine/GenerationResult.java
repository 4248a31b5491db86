package dev.janus.model.engine;

import dev.janus.model.sampling.Logprobs;

import java.util.List;

/**
 * A finished generation.
 *
 * @param promptIds      the prompt
 * @param tokens         generated ids (a stop token, when hit, is the last one)
 * @param logprobs       one entry per generated token (empty unless asked)
 * @param promptLogprobs one entry per prompt token after the first (empty unless asked)
 * @param finishReason   "stop" (stop token) or "length" (max tokens)
 */
public record GenerationResult(int[] promptIds, int[] tokens, List<Logprobs> logprobs,
                               List<Logprobs> promptLogprobs, String finishReason) {
}
