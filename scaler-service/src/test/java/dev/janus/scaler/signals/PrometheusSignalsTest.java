package dev.janus.scaler.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.scaler.support.StubPrometheus;
import dev.janus.scaler.support.TestClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusSignalsTest {

    @Test
    void eachSignalIsOnePromQlQueryOverTheAttentionServicesMetrics() {
        try (StubPrometheus prometheus = new StubPrometheus()
                .value("count(janus_scheduler_running_sequences)", "2")
                .value("janus_requests_total", "4")
                .value("janus_prompt_tokens_total", "2048")
                .value("janus_generation_tokens_total", "1024")
                .value("histogram_quantile(0.5, sum by (le) (rate(janus_time_per_output_token", "0.03")
                .value("histogram_quantile(0.99, sum by (le) (rate(janus_time_per_output_token", "0.09")
                .value("histogram_quantile(0.5, sum by (le) (rate(janus_time_to_first_token", "NaN")
                .value("sum(janus_scheduler_running_sequences)", "12")
                .value("janus_step_batch_size_sum", "6.5")) {
            PrometheusSignals source = new PrometheusSignals(prometheus.uri(), "2m", Duration.ofSeconds(2), new TestClock());
            Signals s = source.read();
            assertThat(s.source()).isEqualTo("prometheus");
            assertThat(s.instances()).isEqualTo(2);
            assertThat(s.requestsPerSecond()).isEqualTo(4.0);
            assertThat(s.promptTokensPerRequest()).isEqualTo(512.0);
            assertThat(s.outputTokensPerRequest()).isEqualTo(256.0);
            assertThat(s.tpotP50Ms()).isEqualTo(0.03);
            assertThat(s.tpotP99Ms()).isEqualTo(0.09);
            assertThat(s.ttftP50Ms()).as("NaN: no samples").isNull();
            assertThat(s.ttftP99Ms()).as("empty vector").isNull();
            assertThat(s.runningSequences()).isEqualTo(12.0);
            assertThat(s.meanStepBatch()).isEqualTo(6.5);
            assertThat(prometheus.server().requests()).allSatisfy(u -> assertThat(u.getPath()).isEqualTo("/api/v1/query"));
            assertThat(prometheus.server().requests()).map(u -> URLDecoder.decode(u.getRawQuery(), StandardCharsets.UTF_8))
                    .contains("query=sum(rate(janus_requests_total{status=~\"2..\"}[2m]))",
                            "query=histogram_quantile(0.99, sum by (le) (rate(janus_time_per_output_token_seconds_bucket[2m]))) * 1000");
        }
    }

    @Test
    void anErrorAnswerMeansNoSignals() {
        try (StubPrometheus prometheus = new StubPrometheus()) {
            prometheus.server().answer(u -> "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
            PrometheusSignals source = new PrometheusSignals(prometheus.uri(), "1m", Duration.ofSeconds(2), new TestClock());
            assertThatThrownBy(source::read).isInstanceOf(SignalsUnavailableException.class).hasMessageContaining("parse error");
            prometheus.server().answer(u -> null);
            assertThatThrownBy(source::read).isInstanceOf(SignalsUnavailableException.class);
        }
    }
}
