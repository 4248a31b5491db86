package dev.janus.scaler.signals;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The live load of the attention pool, summed over its instances. A value that could not be
 * measured (no traffic in the window, the first scrape) is null, never a made-up zero.
 *
 * @param at                     when it was read
 * @param source                 "prometheus" or "scrape"
 * @param instances              attention instances that answered
 * @param requestsPerSecond      finished requests per second (janus_requests_total)
 * @param promptTokensPerSecond  janus_prompt_tokens_total per second
 * @param outputTokensPerSecond  janus_generation_tokens_total per second
 * @param tpotP50Ms              time per output token, median, ms (janus_time_per_output_token_seconds)
 * @param tpotP99Ms              the same, 99th percentile
 * @param ttftP50Ms              time to first token, median, ms (janus_time_to_first_token_seconds)
 * @param ttftP99Ms              the same, 99th percentile
 * @param runningSequences       sequences in the running batches now (janus_scheduler_running_sequences)
 * @param meanStepBatch          sequences per forward step over the window (janus_step_batch_size)
 */
public record Signals(Instant at, String source, int instances, @Nullable Double requestsPerSecond,
                      @Nullable Double promptTokensPerSecond, @Nullable Double outputTokensPerSecond,
                      @Nullable Double tpotP50Ms, @Nullable Double tpotP99Ms, @Nullable Double ttftP50Ms,
                      @Nullable Double ttftP99Ms, @Nullable Double runningSequences, @Nullable Double meanStepBatch) {

    /** Mean output tokens per finished request, when both rates are known and non-zero. */
    public @Nullable Double outputTokensPerRequest() {
        return ratio(outputTokensPerSecond, requestsPerSecond);
    }

    /** Mean prompt tokens per finished request. */
    public @Nullable Double promptTokensPerRequest() {
        return ratio(promptTokensPerSecond, requestsPerSecond);
    }

    private static @Nullable Double ratio(@Nullable Double a, @Nullable Double b) {
        return a == null || b == null || !(b > 0) ? null : a / b;
    }
}
