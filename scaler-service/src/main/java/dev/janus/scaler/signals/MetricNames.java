package dev.janus.scaler.signals;

/**
 * The Prometheus names attention-service exports (its scheduling/SchedulerMetrics and
 * api/GenerationService; asserted by its api/MetricsTest). Micrometer adds the unit and _total.
 */
final class MetricNames {

    /** Finished requests, labels endpoint and status (GenerationService.counted). */
    static final String REQUESTS = "janus_requests_total";
    static final String PROMPT_TOKENS = "janus_prompt_tokens_total";
    static final String GENERATION_TOKENS = "janus_generation_tokens_total";
    /** Histograms with SLO buckets: _bucket{le}, _count, _sum, in seconds. */
    static final String TPOT = "janus_time_per_output_token_seconds";
    static final String TTFT = "janus_time_to_first_token_seconds";
    static final String RUNNING = "janus_scheduler_running_sequences";
    /** Sequences per forward step: _sum and _count. */
    static final String STEP_BATCH = "janus_step_batch_size";

    private MetricNames() {
    }

    /** Whether a janus_requests_total status label counts as served (2xx). */
    static boolean served(String status) {
        return status != null && status.startsWith("2");
    }
}
