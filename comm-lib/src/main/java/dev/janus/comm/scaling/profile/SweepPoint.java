package dev.janus.comm.scaling.profile;

/**
 * One point of the {@code profile} sweep: {@code batch} concurrent sequences, each with a prompt of
 * {@code promptTokens} and {@code outputTokens} generated tokens.
 */
public record SweepPoint(int batch, int promptTokens, int outputTokens) {

    public SweepPoint {
        if (batch < 1 || promptTokens < 1 || outputTokens < 8) {
            throw new IllegalArgumentException("a sweep point needs batch >= 1, prompt tokens >= 1 and output tokens >= 8"
                    + " (the measured window lies inside the decode), got " + batch + ", " + promptTokens + ", " + outputTokens);
        }
    }
}
