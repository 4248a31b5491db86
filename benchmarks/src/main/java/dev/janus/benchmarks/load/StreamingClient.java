package dev.janus.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to one OpenAI-compatible server (attention-service or the gateway) over HTTP/1.1. */
final class StreamingClient {

    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(5); // a long queue is slow, not broken

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance; both servers speak 1.1
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json;

    StreamingClient(ObjectMapper json) {
        this.json = json;
    }

    /** GET /v1/models: the first model's id. */
    String firstModel(URI base) {
        URI uri = base.resolve("/v1/models");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LoadException("cannot reach " + uri + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new LoadException("GET " + uri + " answered HTTP " + response.statusCode() + ": "
                    + errorMessage(response.body()));
        }
        JsonNode id = readTree(response.body()).path("data").path(0).path("id");
        if (!id.isTextual()) {
            throw new LoadException("GET " + uri + " lists no model: " + errorMessage(response.body()));
        }
        return id.asText();
    }

    /** POSTs a streaming completion and times its events; never throws for a failed request. */
    RequestResult stream(URI base, String body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/completions")).timeout(HEADERS_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                    return RequestResult.failed("HTTP " + response.statusCode() + ": " + errorMessage(text));
                }
                return read(in, sent);
            }
        } catch (IOException e) {
            return RequestResult.failed(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestResult.failed("interrupted");
        }
    }

    private RequestResult read(InputStream in, long sent) throws IOException {
        StreamRecorder recorder = new StreamRecorder(json, sent);
        SseEventParser parser = new SseEventParser();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            long now = System.nanoTime(); // when the line arrived: the event's time
            String data = parser.line(line);
            if (data != null) {
                recorder.event(data, now);
            }
        }
        parser.finish();
        return recorder.result();
    }

    /** OpenAI error JSON's message, or the start of the body. */
    private String errorMessage(String body) {
        JsonNode message = readTree(body).path("error").path("message");
        if (message.isTextual()) {
            return message.asText();
        }
        String line = body.strip().replace('\n', ' ');
        return line.isEmpty() ? "(empty body)" : line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            // HttpClient's ConnectException has no message; the cause tells a bad host name from a closed port
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                    return "unknown host";
                }
            }
            return "connection refused (is the server running?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
