package dev.janus.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A bounded load of concurrent streaming completions of the fixture's golden prompts (greedy),
 * as the reliability figures need it: {@code clients} streams, each sending its next request as
 * soon as the last one ended, until {@link #stop()}. Every request is recorded with its token
 * arrival times, its text and how it ended, and attributed to the phase (before / during / after
 * a fault, named by {@link #phase}) in which it ended; the first phase is a warm-up ({@link #warmUp}). Requests time out after 60 s, so nothing
 * can hang the test: a hung request counts as failed.
 */
final class StreamingLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** One request: when it ended, in which phase, its text or its error, and its decode time per output token. */
    record Outcome(String phase, long startedNanos, int prompt, boolean ok, String text, String error, double tpotMillis) {
    }

    /** A phase's figures: requests ended in it, failures, wrong (changed) outputs, TPOT p50 / p99 of the successful ones. */
    record Figures(String phase, int requests, int failed, int wrong, double tpotP50Millis, double tpotP99Millis) {

        @Override
        public String toString() {
            return String.format("%-8s requests %4d, failed %3d, wrong %2d, TPOT p50 %6.1f ms, p99 %6.1f ms",
                    phase, requests, failed, wrong, tpotP50Millis, tpotP99Millis);
        }
    }

    private final String baseUrl;
    private final String apiKey;
    private final List<TinyMixtral.Golden> prompts;
    private final List<String> expected;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads;
    private final List<Future<?>> clients = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private volatile String phase = "warm-up";
    private final Map<String, Long> phaseStarts = new java.util.concurrent.ConcurrentHashMap<>(Map.of("warm-up", System.nanoTime()));

    /**
     * @param baseUrl  the gateway's or an attention-service's URL
     * @param apiKey   sent as a bearer token when not null
     * @param expected the golden text of each prompt
     */
    StreamingLoad(String baseUrl, String apiKey, List<TinyMixtral.Golden> prompts, List<String> expected, int clients) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.prompts = prompts;
        this.expected = expected;
        this.threads = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int first = c;
            this.clients.add(threads.submit(() -> {
                for (int n = first; running.get(); n++) {
                    outcomes.add(request(n % prompts.size()));
                }
            }));
        }
    }

    /**
     * The first phase, "warm-up" (JIT compilation, first connections), runs until every stream has
     * ended a request and then for {@code duration}; then phase "before" begins.
     */
    void warmUp(Duration duration) {
        awaitMore(clients.size());
        runFor(duration);
        phase("before");
    }

    /** Requests ending from now on count in {@code name}. */
    void phase(String name) {
        phaseStarts.put(name, System.nanoTime());
        phase = name;
    }

    /** When {@link #phase} named it (System.nanoTime). */
    long phaseStart(String name) {
        return phaseStarts.get(name);
    }

    /** Waits until {@code more} further requests have ended (ok or not). */
    void awaitMore(int more) {
        int target = outcomes.size() + more;
        await().atMost(Duration.ofSeconds(120)).until(() -> outcomes.size() >= target);
    }

    /**
     * Waits until a request that started from now on succeeds (at most {@code atMost});
     * returns how long that took.
     */
    Duration awaitRecovery(Duration atMost) {
        long from = System.nanoTime();
        await().atMost(atMost).until(() -> outcomes.stream().anyMatch(o -> o.ok() && o.startedNanos() - from >= 0));
        return Duration.ofNanos(System.nanoTime() - from);
    }

    /** Runs the load for {@code duration} more. */
    void runFor(Duration duration) {
        try {
            Thread.sleep(duration); // the load's length, not a wait for something to happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the clients after their current request (at most {@link #REQUEST_TIMEOUT}). */
    List<Outcome> stop() {
        running.set(false);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                throw new AssertionError("a client did not end within its request timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(outcomes);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The figures of one phase. */
    Figures figures(String name) {
        List<Outcome> in = outcomes.stream().filter(o -> o.phase().equals(name)).toList();
        double[] tpot = in.stream().filter(Outcome::ok).mapToDouble(Outcome::tpotMillis).filter(t -> !Double.isNaN(t))
                .sorted().toArray();
        int failed = (int) in.stream().filter(o -> !o.ok()).count();
        int wrong = (int) in.stream().filter(o -> o.ok() && !o.text().equals(expected.get(o.prompt()))).count();
        return new Figures(name, in.size(), failed, wrong, percentile(tpot, 0.50), percentile(tpot, 0.99));
    }

    /** The failed requests' errors, counted. */
    Map<String, Long> errors() {
        return outcomes.stream().filter(o -> !o.ok()).collect(java.util.stream.Collectors.groupingBy(Outcome::error,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    @Override
    public void close() {
        running.set(false);
        threads.shutdownNow();
    }

    private Outcome request(int prompt) {
        TinyMixtral.Golden g = prompts.get(prompt);
        String body = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":" + Arrays.toString(g.ids()) + ",\"max_tokens\":"
                + g.greedy().length + ",\"temperature\":0,\"ignore_eos\":true,\"stream\":true}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/completions"))
                .header("Content-Type", "application/json").timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        long started = System.nanoTime();
        StringBuilder text = new StringBuilder();
        List<Long> tokenTimes = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> r = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                return failed(started, prompt, "HTTP " + r.statusCode() + " " + errorMessage(String.join("\n", r.body().toList())));
            }
            boolean done = false;
            try (Stream<String> lines = r.body()) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    String data = line.substring(6);
                    if (data.equals("[DONE]")) {
                        done = true; // read on to the end of the body: a stream closed early spoils its pooled connection
                        continue;
                    }
                    JsonNode event = JSON.readTree(data);
                    if (event.has("error")) {
                        return failed(started, prompt, "stream error: " + event.get("error").path("message").asText());
                    }
                    String piece = event.path("choices").path(0).path("text").asText("");
                    tokenTimes.add(System.nanoTime());
                    text.append(piece);
                }
            }
            if (!done) {
                return failed(started, prompt, "stream ended without [DONE]");
            }
        } catch (Exception e) {
            return failed(started, prompt, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        double tpot = tokenTimes.size() < 2 ? Double.NaN
                : (tokenTimes.getLast() - tokenTimes.getFirst()) / 1e6 / (tokenTimes.size() - 1);
        return new Outcome(phase, started, prompt, true, text.toString(), "", tpot);
    }

    private Outcome failed(long started, int prompt, String error) {
        return new Outcome(phase, started, prompt, false, "", error, Double.NaN);
    }

    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isMissingNode() ? body : error.path("message").asText();
        } catch (Exception e) {
            return body;
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
