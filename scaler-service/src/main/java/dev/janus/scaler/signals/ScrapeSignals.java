package dev.janus.scaler.signals;

import dev.janus.comm.scaling.profile.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Signals without a Prometheus server: scrapes every attention instance's
 * {@code /actuator/prometheus} and differences its counters against the previous scrape of the
 * same instance (rates = increase / elapsed; percentiles from the increase of the buckets, summed
 * over instances). An instance's first scrape gives no rates yet; an instance that does not
 * answer is left out of this reading, all failing is {@link SignalsUnavailableException}.
 */
public final class ScrapeSignals implements SignalSource {

    private static final Logger log = LoggerFactory.getLogger(ScrapeSignals.class);

    private record Scrape(Instant at, InstanceTotals totals) {}

    private final Supplier<List<URI>> instances;
    private final RestClient http;
    private final Clock clock;
    private final Map<URI, Scrape> previous = new HashMap<>();

    public ScrapeSignals(Supplier<List<URI>> instances, Duration timeout, Clock clock) {
        this.instances = instances;
        this.clock = clock;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    @Override
    public synchronized Signals read() {
        List<URI> uris = instances.get();
        if (uris.isEmpty()) {
            throw new SignalsUnavailableException("no attention instance is configured or discovered");
        }
        double requests = 0, prompt = 0, output = 0, batchSum = 0, batchCount = 0, running = 0;
        Buckets tpot = Buckets.empty();
        Buckets ttft = Buckets.empty();
        int answered = 0;
        int differenced = 0;
        Instant now = clock.instant();
        for (URI uri : uris) {
            InstanceTotals t = scrape(uri);
            if (t == null) {
                continue;
            }
            answered++;
            running += t.running();
            Scrape before = previous.put(uri, new Scrape(now, t));
            if (before == null || !now.isAfter(before.at())) {
                continue;
            }
            differenced++;
            // each instance's increase over its own interval, scaled to a rate, then summed
            double dt = Duration.between(before.at(), now).toNanos() / 1e9;
            InstanceTotals b = before.totals();
            requests += InstanceTotals.increase(t.requests(), b.requests()) / dt;
            prompt += InstanceTotals.increase(t.promptTokens(), b.promptTokens()) / dt;
            output += InstanceTotals.increase(t.outputTokens(), b.outputTokens()) / dt;
            batchSum += InstanceTotals.increase(t.stepBatchSum(), b.stepBatchSum());
            batchCount += InstanceTotals.increase(t.stepBatchCount(), b.stepBatchCount());
            tpot = tpot.plus(t.tpot().minus(b.tpot()));
            ttft = ttft.plus(t.ttft().minus(b.ttft()));
        }
        previous.keySet().retainAll(uris);
        if (answered == 0) {
            throw new SignalsUnavailableException("none of the " + uris.size() + " attention instances answered "
                    + "/actuator/prometheus");
        }
        boolean rates = differenced > 0;
        return new Signals(now, "scrape", answered, rates ? requests : null, rates ? prompt : null,
                rates ? output : null, ms(tpot.quantile(0.5)), ms(tpot.quantile(0.99)), ms(ttft.quantile(0.5)),
                ms(ttft.quantile(0.99)), running, batchCount > 0 ? batchSum / batchCount : null);
    }

    private @Nullable InstanceTotals scrape(URI uri) {
        try {
            String text = http.get().uri(uri.resolve("/actuator/prometheus")).retrieve().body(String.class);
            return InstanceTotals.of(PrometheusText.parse(text == null ? "" : text));
        } catch (RestClientException | IllegalArgumentException | IndexOutOfBoundsException e) {
            log.warn("scrape of {} failed: {}", uri, e.getMessage());
            return null;
        }
    }

    private static @Nullable Double ms(@Nullable Double seconds) {
        return seconds == null ? null : seconds * 1000;
    }
}
