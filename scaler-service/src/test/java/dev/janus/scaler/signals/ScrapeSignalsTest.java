package dev.janus.scaler.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.janus.scaler.support.StubServer;
import dev.janus.scaler.support.TestClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeSignalsTest {

    /** What attention-service's /actuator/prometheus looks like (names from its MetricsTest), with given totals. */
    static String exposition(int requests, int prompt, int output, int tpotFast, int tpotAll, int running) {
        return """
                # HELP janus_requests_total \s
                # TYPE janus_requests_total counter
                janus_requests_total{application="attention-service",endpoint="completions",status="200"} %d.0
                janus_requests_total{application="attention-service",endpoint="completions",status="404"} 7.0
                janus_prompt_tokens_total{application="attention-service"} %d.0
                janus_generation_tokens_total{application="attention-service"} %d.0
                janus_time_per_output_token_seconds_bucket{application="attention-service",le="0.02"} %d
                janus_time_per_output_token_seconds_bucket{application="attention-service",le="0.04"} %d
                janus_time_per_output_token_seconds_bucket{application="attention-service",le="+Inf"} %d
                janus_time_per_output_token_seconds_count{application="attention-service"} %d
                janus_scheduler_running_sequences{application="attention-service"} %d.0
                janus_step_batch_size_count{application="attention-service"} 10.0
                janus_step_batch_size_sum{application="attention-service"} 40.0
                """.formatted(requests, prompt, output, tpotFast, tpotAll, tpotAll, tpotAll, running);
    }

    @Test
    void ratesAreCounterIncreasesOverTheIntervalSummedOverInstances() {
        TestClock clock = new TestClock();
        try (StubServer a = new StubServer("text/plain", u -> exposition(10, 5120, 2560, 0, 0, 3));
             StubServer b = new StubServer("text/plain", u -> exposition(0, 0, 0, 0, 0, 1))) {
            ScrapeSignals source = new ScrapeSignals(() -> List.of(a.uri(), b.uri()), Duration.ofSeconds(2), clock);
            Signals first = source.read();
            assertThat(first.requestsPerSecond()).as("first scrape: no interval yet").isNull();
            assertThat(first.runningSequences()).isEqualTo(4.0);

            clock.advance(Duration.ofSeconds(10));
            a.answer(u -> exposition(30, 5120 + 20 * 512, 2560 + 20 * 256, 10, 20, 5));
            b.answer(u -> exposition(10, 10 * 512, 10 * 256, 10, 10, 2));
            Signals s = source.read();
            assertThat(s.source()).isEqualTo("scrape");
            assertThat(s.instances()).isEqualTo(2);
            assertThat(s.requestsPerSecond()).isCloseTo(3.0, within(1e-9)); // (20 + 10) / 10 s, the 404s left out
            assertThat(s.outputTokensPerRequest()).isCloseTo(256.0, within(1e-9));
            assertThat(s.promptTokensPerRequest()).isCloseTo(512.0, within(1e-9));
            // 30 new TPOT observations, 20 of them ≤ 20 ms: the median is in the first bucket, 15/20 of the way
            assertThat(s.tpotP50Ms()).isCloseTo(15.0, within(1e-9));
            assertThat(s.tpotP99Ms()).isCloseTo(40.0 - 20.0 * (30 - 29.7) / 10, within(1e-9));
            assertThat(s.runningSequences()).isEqualTo(7.0);
            assertThat(a.requests()).allSatisfy(u -> assertThat(u.getPath()).isEqualTo("/actuator/prometheus"));
        }
    }

    @Test
    void aRestartedInstanceCountsFromZeroAndADeadOneIsLeftOut() {
        TestClock clock = new TestClock();
        try (StubServer a = new StubServer("text/plain", u -> exposition(100, 0, 1000, 0, 0, 0))) {
            URI dead = URI.create("http://127.0.0.1:1");
            ScrapeSignals source = new ScrapeSignals(() -> List.of(a.uri(), dead), Duration.ofSeconds(1), clock);
            source.read();
            clock.advance(Duration.ofSeconds(5));
            a.answer(u -> exposition(5, 0, 50, 0, 0, 0));
            Signals s = source.read();
            assertThat(s.instances()).isEqualTo(1);
            assertThat(s.requestsPerSecond()).isCloseTo(1.0, within(1e-9));
            assertThat(s.tpotP50Ms()).isNull();
        }
        ScrapeSignals none = new ScrapeSignals(List::of, Duration.ofSeconds(1), clock);
        assertThatThrownBy(none::read).isInstanceOf(SignalsUnavailableException.class);
    }
}
