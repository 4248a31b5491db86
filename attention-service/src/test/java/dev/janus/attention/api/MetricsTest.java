package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The serving metrics on /actuator/prometheus, with Prometheus names. */
@ApiTest
class MetricsTest {

    @LocalServerPort
    int port;

    @Test
    void servingMetricsAreScraped() {
        RawApi api = new RawApi(port);
        assertThat(api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1,2,3],\"max_tokens\":3}")
                .status()).isEqualTo(200);
        assertThat(api.post("/v1/completions", "{\"model\":\"nope\",\"prompt\":[1]}").status()).isEqualTo(404);
        String scrape = api.get("/actuator/prometheus").body();
        assertThat(scrape)
                .contains("janus_requests_total{application=\"attention-service\",endpoint=\"completions\",status=\"200\"}")
                .contains("janus_requests_total{application=\"attention-service\",endpoint=\"completions\",status=\"404\"}")
                .contains("janus_time_to_first_token_seconds_bucket{")
                .contains("janus_time_per_output_token_seconds_bucket{")
                .contains("janus_prompt_tokens_total")
                .contains("janus_generation_tokens_total")
                .contains("janus_sequences_total{application=\"attention-service\",finish_reason=\"length\"}")
                .contains("janus_scheduler_running_sequences")
                .contains("janus_scheduler_waiting_sequences")
                .contains("janus_kv_cache_blocks_used")
                .contains("janus_kv_cache_blocks_free")
                .contains("janus_step_batch_size_count")
                .contains("janus_scheduler_preemptions_total")
                .contains("janus_attention_layer_seconds_bucket{");
        // every step times the attention part of every layer once: 4 equal counts, at least this request's 3 steps
        List<Double> perLayer = scrape.lines().filter(l -> l.startsWith("janus_attention_layer_seconds_count{"))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toList();
        assertThat(perLayer).hasSize(4);
        assertThat(perLayer).allSatisfy(c -> assertThat(c).isEqualTo(perLayer.getFirst()).isGreaterThanOrEqualTo(3));
        // one token-count observation per timed layer step; the 3-token prompt's prefill step has 3 tokens
        double steps = perLayer.stream().mapToDouble(Double::doubleValue).sum();
        assertThat(value(scrape, "janus_attention_layer_tokens_count{")).isEqualTo(steps);
        assertThat(value(scrape, "janus_attention_layer_tokens_sum{")).isGreaterThanOrEqualTo(steps + 2 * 4);
    }

    private static double value(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in the scrape"));
    }
}
