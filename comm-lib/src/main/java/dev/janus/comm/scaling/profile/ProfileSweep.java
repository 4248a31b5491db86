package dev.janus.comm.scaling.profile;

import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ProfileFit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measurement half of the {@code profile} command (issue 12 §1): real load against a running
 * attention-service and its expert-services, per-layer timings from their /actuator/prometheus,
 * one attention sample and one MoE sample per expert-service per sweep point. For every point
 * ({@link SweepPoint}: b completions sent together, prompt P, O output tokens) two batches run,
 * the first generating O/4 tokens and the second O, each between two scrapes. Both batches do the
 * same prefill, so the second window's counters minus the first's ({@link LayerCounters#since})
 * are decode steps only — the steps from token O/4 to O, b tokens each at a mean context of
 * P + (O/4 + O)/2 — without timing anything on the client, which a fast model would outrun.
 * Each pair of batches runs {@code repeats} times and the median difference counts, so that a step
 * another process delayed does not; a point with no positive difference is skipped (reported). A
 * warm-up pass runs every point once first, so that no window times the JIT. The services must
 * be otherwise idle: other traffic in a window would be counted with it. Limit: a MoE instance's
 * activated experts and rows both grow with b, so the MoE fit may trade its per-byte term against
 * its per-flop term (non-negative least squares then keeps one); the stored fit error says how
 * well the constants explain the measured steps, not which term is the true cause.
 */
public final class ProfileSweep {

    /** What the sweep measured, ready for ProfileFit. */
    public record Samples(List<ProfileFit.AttentionSample> attention, List<ProfileFit.MoeSample> moe) {}

    private static final Pattern MODEL_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI attention;
    private final List<URI> experts;
    private final Duration timeout;
    private final int repeats;

    /**
     * @param attention attention-service's base URL (its OpenAI API and /actuator/prometheus)
     * @param experts   every expert-service's HTTP base URL (their /actuator/prometheus)
     * @param timeout   per batch
     * @param repeats   each pair of batches runs this often; the median difference counts ({@link LayerCounters#median})
     */
    public ProfileSweep(URI attention, List<URI> experts, Duration timeout, int repeats) {
        if (experts.isEmpty() || repeats < 1) {
            throw new IllegalArgumentException("the sweep needs at least one expert-service and one repeat");
        }
        this.repeats = repeats;
        this.attention = attention;
        this.experts = List.copyOf(experts);
        this.timeout = timeout;
    }

    /** Runs every point in order; {@code progress} gets one line per point. */
    public Samples run(ModelDescription model, List<SweepPoint> points, java.util.function.Consumer<String> progress)
            throws Exception {
        String served = servedModel();
        List<ProfileFit.AttentionSample> attentionSamples = new ArrayList<>();
        List<ProfileFit.MoeSample> moeSamples = new ArrayList<>();
        int requests = 0;
        for (SweepPoint p : points) { // warm-up: the JIT compiles the kernels at every shape before anything is timed
            SweepLoad.run(http, attention.resolve("/v1/completions"), served, p, Math.max(2, p.outputTokens() / 4),
                    model.vocabSize(), requests, timeout);
            requests += p.batch();
        }
        for (SweepPoint p : points) {
            int shorter = Math.max(2, p.outputTokens() / 4);
            List<LayerCounters> differences = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                LayerCounters first = measured(p, shorter, model.vocabSize(), requests, served);
                requests += p.batch();
                LayerCounters second = measured(p, p.outputTokens(), model.vocabSize(), requests, served);
                requests += p.batch();
                differences.add(second.since(first));
            }
            LayerCounters window = LayerCounters.median(differences);
            double context = p.promptTokens() + (shorter + p.outputTokens()) / 2.0;
            ProfileFit.AttentionSample as = window.attentionSample(context);
            List<ProfileFit.MoeSample> ms = window.moeSamples();
            if (as == null || ms.isEmpty()) { // noise larger than the difference: this point says nothing
                progress.accept("batch " + p.batch() + ", prompt " + p.promptTokens() + ": skipped, the longer batch"
                        + " took no more attention or expert time than the shorter one (" + window + "); more output"
                        + " tokens or a quieter machine help");
                continue;
            }
            attentionSamples.add(as);
            moeSamples.addAll(ms);
            progress.accept(String.format(java.util.Locale.ROOT,
                    "batch %d, prompt %d: attention %.1f tokens/step at context %.0f, %.1f µs/layer; MoE %s",
                    p.batch(), p.promptTokens(), as.batch(), as.context(), as.nanos() / 1e3,
                    ms.stream().map(m -> String.format(java.util.Locale.ROOT, "%.1f experts %.1f rows %.1f µs",
                            m.activatedExperts(), m.rows(), m.nanos() / 1e3)).toList()));
        }
        return new Samples(attentionSamples, moeSamples);
    }

    /** The counters of one batch of the point, from the scrape before it to the scrape after. */
    private LayerCounters measured(SweepPoint p, int outputTokens, int vocab, int first, String served) throws Exception {
        LayerCounters before = scrape();
        SweepLoad.run(http, attention.resolve("/v1/completions"), served, p, outputTokens, vocab, first, timeout);
        return scrape().since(before);
    }

    private String servedModel() throws IOException, InterruptedException {
        String body = get(attention.resolve("/v1/models"));
        Matcher m = MODEL_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(attention + "/v1/models names no model: " + body);
        }
        return m.group(1);
    }

    private LayerCounters scrape() throws IOException, InterruptedException {
        List<List<PrometheusText.Sample>> expertScrapes = new ArrayList<>();
        for (URI e : experts) {
            expertScrapes.add(PrometheusText.parse(get(e.resolve("/actuator/prometheus"))));
        }
        return LayerCounters.of(PrometheusText.parse(get(attention.resolve("/actuator/prometheus"))), expertScrapes);
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode());
        }
        return r.body();
    }
}
