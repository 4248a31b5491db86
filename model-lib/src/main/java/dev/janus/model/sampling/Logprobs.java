package dev.janus.model.sampling;

import java.util.List;

/**
 * Log-probabilities reported for one sampled position.
 *
 * @param chosen the sampled token
 * @param top    the N most likely tokens, by logprob descending, ties by lower id (may include chosen)
 */
public record Logprobs(TokenLogprob chosen, List<TokenLogprob> top) {

    public Logprobs {
        top = List.copyOf(top);
    }
}
