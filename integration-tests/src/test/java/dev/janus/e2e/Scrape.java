package dev.janus.e2e;

import dev.janus.comm.scaling.profile.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code /actuator/prometheus} answer of a child process, parsed by comm-lib's
 * {@link PrometheusText} (the parser scaler-service reads the services with).
 */
final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<PrometheusText.Sample> samples;

    private Scrape(List<PrometheusText.Sample> samples) {
        this.samples = samples;
    }

    static Scrape of(ServiceProcess service) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Scrape(PrometheusText.parse(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return matching(name, labels).mapToDouble(PrometheusText.Sample::value).sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    /** Whether some sample of {@code name} has every one of {@code labels}. */
    boolean has(String name, Map<String, String> labels) {
        return matching(name, labels).findAny().isPresent();
    }

    private java.util.stream.Stream<PrometheusText.Sample> matching(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }
}
