package dev.janus.comm.scaling;

/**
 * A load and a target: what {@code GET /admin/scaler/plan?rate=R&slo_ms=S&prompt_tokens=P&output_tokens=O}
 * asks (issue 12 §3).
 *
 * @param requestsPerSecond arrival rate of requests
 * @param promptTokens      mean prompt tokens per request
 * @param outputTokens      mean output tokens per request
 * @param sloTpotMs         target time per output token, milliseconds
 */
public record PlanRequest(double requestsPerSecond, int promptTokens, int outputTokens, double sloTpotMs) {

    public PlanRequest {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond) || promptTokens < 0 || outputTokens <= 0
                || !(sloTpotMs > 0) || Double.isInfinite(sloTpotMs)) {
            throw new IllegalArgumentException("a plan needs rate > 0, prompt_tokens >= 0, output_tokens > 0 and"
                    + " slo_ms > 0, got " + requestsPerSecond + ", " + promptTokens + ", " + outputTokens + ", " + sloTpotMs);
        }
    }

    /** λ: decode tokens per second = requests/s × output tokens. */
    public double decodeTokensPerSecond() {
        return requestsPerSecond * outputTokens;
    }

    /** Prompt tokens per second = requests/s × prompt tokens. */
    public double prefillTokensPerSecond() {
        return requestsPerSecond * promptTokens;
    }

    /** Mean context of a decoding request: the prompt plus half the output. */
    public double decodeContext() {
        return promptTokens + outputTokens / 2.0;
    }

    public double sloNanos() {
        return sloTpotMs * 1e6;
    }

    public PlanRequest withRate(double rate) {
        return new PlanRequest(rate, promptTokens, outputTokens, sloTpotMs);
    }

    public PlanRequest withSloMs(double slo) {
        return new PlanRequest(requestsPerSecond, promptTokens, outputTokens, slo);
    }
}
