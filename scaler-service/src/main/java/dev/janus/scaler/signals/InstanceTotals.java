package dev.janus.scaler.signals;

import dev.janus.comm.scaling.profile.PrometheusText;
import java.util.List;

/**
 * One attention instance's counters at one scrape, the parts the signals need.
 *
 * @param requests         served requests (janus_requests_total, status 2xx)
 * @param promptTokens     janus_prompt_tokens_total
 * @param outputTokens     janus_generation_tokens_total
 * @param tpot             TPOT buckets, seconds
 * @param ttft             TTFT buckets, seconds
 * @param stepBatchSum     janus_step_batch_size_sum
 * @param stepBatchCount   janus_step_batch_size_count
 * @param running          janus_scheduler_running_sequences (a gauge)
 */
record InstanceTotals(double requests, double promptTokens, double outputTokens, Buckets tpot, Buckets ttft,
                      double stepBatchSum, double stepBatchCount, double running) {

    static InstanceTotals of(List<PrometheusText.Sample> samples) {
        double requests = 0, prompt = 0, output = 0, batchSum = 0, batchCount = 0, running = 0;
        Buckets tpot = Buckets.empty();
        Buckets ttft = Buckets.empty();
        for (PrometheusText.Sample s : samples) {
            switch (s.name()) {
                case MetricNames.REQUESTS -> requests += MetricNames.served(s.labels().get("status")) ? s.value() : 0;
                case MetricNames.PROMPT_TOKENS -> prompt += s.value();
                case MetricNames.GENERATION_TOKENS -> output += s.value();
                case MetricNames.TPOT + "_bucket" -> tpot.add(PrometheusText.number(s.labels().get("le")), s.value());
                case MetricNames.TTFT + "_bucket" -> ttft.add(PrometheusText.number(s.labels().get("le")), s.value());
                case MetricNames.STEP_BATCH + "_sum" -> batchSum += s.value();
                case MetricNames.STEP_BATCH + "_count" -> batchCount += s.value();
                case MetricNames.RUNNING -> running += s.value();
                default -> { }
            }
        }
        return new InstanceTotals(requests, prompt, output, tpot, ttft, batchSum, batchCount, running);
    }

    /** Counter increase since {@code earlier}: a counter that went down restarted, so all of it is new. */
    static double increase(double now, double earlier) {
        return now >= earlier ? now - earlier : now;
    }
}
