package dev.janus.comm.scaling;

/**
 * The tokens of one decode step over the whole cluster: B decode tokens (one per running request,
 * at a mean context) and, with chunked prefill, P prompt tokens riding along (DESIGN.md §3 step 1:
 * new prefills join the running batch).
 *
 * @param decodeTokens   B running requests
 * @param prefillTokens  P prompt tokens processed in the step
 * @param decodeContext  mean context of a decode token (prompt + half the output)
 * @param prefillContext mean context of a prompt token (half the prompt)
 */
public record StepLoad(double decodeTokens, double prefillTokens, double decodeContext, double prefillContext) {

    public StepLoad {
        if (!(decodeTokens >= 0) || !(prefillTokens >= 0) || !(decodeContext >= 0) || !(prefillContext >= 0)) {
            throw new IllegalArgumentException("a step load needs non-negative tokens and contexts");
        }
    }

    /** Decode only. */
    public static StepLoad decode(double tokens, double context) {
        return new StepLoad(tokens, 0, context, 0);
    }

    /** Tokens through every layer: B + P. */
    public double tokens() {
        return decodeTokens + prefillTokens;
    }

    /** Context tokens read from the KV cache per layer: B·ctx_d + P·ctx_p. */
    public double kvReads() {
        return decodeTokens * decodeContext + prefillTokens * prefillContext;
    }
}
