package dev.janus.model.sampling;

/**
 * A per-sequence rule on which tokens may come next (structured outputs): the sampler's caller
 * masks a logits row with it before sampling and then tells it the chosen token. Masked tokens
 * are -inf, which {@link Sampler} never picks, so greedy and sampled decoding both stay inside
 * the rule. Not thread-safe: one instance per sequence, used by the decoding thread.
 */
public interface TokenConstraint {

    /** Sets the logits of every token not allowed next in {@code logits[offset, offset + vocab)} to -inf. */
    void maskLogits(float[] logits, int offset);

    /** Moves past the chosen token (one that {@link #maskLogits} allowed). */
    void accept(int token);

    /** True when the output is complete and no token may follow: the sequence ends here ("stop"). */
    boolean complete();
}
