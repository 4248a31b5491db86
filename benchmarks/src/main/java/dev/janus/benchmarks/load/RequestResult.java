package dev.janus.benchmarks.load;

/**
 * One streamed request as the client saw it.
 *
 * @param error     why it failed, null when it succeeded
 * @param tokens    output tokens (the usage chunk's completion_tokens, else the content chunks)
 * @param ttftNanos send → first content token
 * @param tpotNanos (last token − first token) / (tokens − 1); NaN with a single token
 */
record RequestResult(String error, int tokens, long ttftNanos, double tpotNanos) {

    static RequestResult failed(String error) {
        return new RequestResult(error, 0, 0, Double.NaN);
    }

    boolean ok() {
        return error == null;
    }
}
