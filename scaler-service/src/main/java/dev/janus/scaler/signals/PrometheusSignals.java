package dev.janus.scaler.signals;

import dev.janus.comm.scaling.profile.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signals from a Prometheus server's instant-query API ({@code GET /api/v1/query?query=...}),
 * one PromQL expression per signal, summed over every attention instance Prometheus scrapes.
 * Percentiles with {@code histogram_quantile} over the attention-service's SLO buckets (so they
 * are interpolated within a bucket, as Prometheus does).
 */
public final class PrometheusSignals implements SignalSource {

    private final URI base;
    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;
    private final Map<String, String> queries;

    public PrometheusSignals(URI base, String window, Duration timeout, Clock clock) {
        this.base = base;
        this.clock = clock;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(factory).build();
        this.queries = queries(window);
    }

    /** The PromQL of each signal, for a rate window such as "1m". */
    public static Map<String, String> queries(String w) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("instances", "count(" + MetricNames.RUNNING + ")");
        q.put("requests", "sum(rate(" + MetricNames.REQUESTS + "{status=~\"2..\"}[" + w + "]))");
        q.put("prompt_tokens", "sum(rate(" + MetricNames.PROMPT_TOKENS + "[" + w + "]))");
        q.put("output_tokens", "sum(rate(" + MetricNames.GENERATION_TOKENS + "[" + w + "]))");
        q.put("tpot_p50", quantile(0.5, MetricNames.TPOT, w));
        q.put("tpot_p99", quantile(0.99, MetricNames.TPOT, w));
        q.put("ttft_p50", quantile(0.5, MetricNames.TTFT, w));
        q.put("ttft_p99", quantile(0.99, MetricNames.TTFT, w));
        q.put("running", "sum(" + MetricNames.RUNNING + ")");
        q.put("step_batch", "sum(rate(" + MetricNames.STEP_BATCH + "_sum[" + w + "])) / sum(rate("
                + MetricNames.STEP_BATCH + "_count[" + w + "]))");
        return q;
    }

    private static String quantile(double q, String histogram, String w) {
        return "histogram_quantile(" + q + ", sum by (le) (rate(" + histogram + "_bucket[" + w + "]))) * 1000";
    }

    @Override
    public Signals read() {
        Map<String, @Nullable Double> v = new LinkedHashMap<>();
        queries.forEach((name, promql) -> v.put(name, query(promql)));
        Double instances = v.get("instances");
        return new Signals(clock.instant(), "prometheus", instances == null ? 0 : (int) Math.round(instances),
                v.get("requests"), v.get("prompt_tokens"), v.get("output_tokens"), v.get("tpot_p50"), v.get("tpot_p99"),
                v.get("ttft_p50"), v.get("ttft_p99"), v.get("running"), v.get("step_batch"));
    }

    /** One instant query's single value; null for an empty vector or NaN (no samples in the window). */
    @Nullable Double query(String promql) {
        URI uri = UriComponentsBuilder.fromUri(base).path("/api/v1/query").queryParam("query", "{q}").encode()
                .buildAndExpand(promql).toUri();
        JsonNode answer;
        try {
            answer = json.readTree(http.get().uri(uri).retrieve().body(String.class));
        } catch (RestClientException | JacksonException e) {
            throw new SignalsUnavailableException("Prometheus at " + base + " did not answer " + promql + ": "
                    + e.getMessage(), e);
        }
        if (answer == null || !"success".equals(answer.path("status").asString())) {
            throw new SignalsUnavailableException("Prometheus at " + base + " refused " + promql + ": "
                    + (answer == null ? "empty answer" : answer.path("error").asString()));
        }
        JsonNode result = answer.path("data").path("result");
        if (!result.isArray() || result.isEmpty()) {
            return null;
        }
        double value = PrometheusText.number(result.get(0).path("value").get(1).asString());
        return Double.isFinite(value) ? value : null;
    }
}
