package dev.janus.comm.scaling.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One batch of the sweep's load: {@code batch} completions sent together, each with its own
 * prompt of {@code promptTokens} token ids and exactly {@code outputTokens} generated tokens
 * (greedy, {@code ignore_eos}); returns when all have answered. Every prompt of a sweep is
 * distinct ({@code first} numbers the requests): a prefix-cache hit would skip a prefill that the
 * sweep's difference of two batches relies on being the same.
 */
final class SweepLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepLoad() {
    }

    /** Sends the batch and waits for every answer; any failure or short completion is an error. */
    static void run(HttpClient http, URI completions, String model, SweepPoint point, int outputTokens, int vocab,
                    int first, Duration timeout) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int r = 0; r < point.batch(); r++) {
            String body = "{\"model\":\"" + model + "\",\"prompt\":" + prompt(point.promptTokens(), first + r, vocab)
                    + ",\"max_tokens\":" + outputTokens + ",\"temperature\":0,\"ignore_eos\":true}";
            answers.add(http.sendAsync(HttpRequest.newBuilder(completions).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.join();
            if (r.statusCode() != 200) {
                throw new IOException("a sweep completion answered HTTP " + r.statusCode() + ": " + r.body());
            }
            JsonNode usage = JSON.readTree(r.body()).path("usage");
            if (usage.path("completion_tokens").asInt() != outputTokens) {
                throw new IOException("a sweep completion generated " + usage.path("completion_tokens") + " tokens, not "
                        + outputTokens + " (does the service honour ignore_eos?): " + r.body());
            }
        }
    }

    /**
     * Token ids in [8, vocab - 8), away from the low and high ids where tokenizers keep specials.
     * Request n starts at 8 + n·7919 mod (vocab − 16): distinct first tokens for as many requests
     * as the span has ids when 7919 (a prime) shares no factor with it.
     */
    static String prompt(int promptTokens, int request, int vocab) {
        int span = Math.max(1, vocab - 16);
        return IntStream.range(0, promptTokens).map(i -> 8 + (int) ((request * 7919L + i * 31L + (long) i * i) % span))
                .mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
