package dev.janus.model.sampling;

/** A token id with its log-probability under log_softmax of the raw logits. */
public record TokenLogprob(int tokenId, float logprob) {
}
