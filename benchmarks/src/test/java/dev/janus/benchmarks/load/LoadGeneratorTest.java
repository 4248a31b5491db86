package dev.janus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command against a real HTTP server on a random port that answers like attention-service. */
class LoadGeneratorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** /v1/models lists one model; /v1/completions answers {@code status} with the recorded 5-token stream or an error. */
    private String serve(int modelsStatus, int completionsStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", x -> answer(x, modelsStatus, "application/json",
                modelsStatus == 200 ? "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}"
                        : "{\"error\":{\"message\":\"no such thing\",\"type\":\"invalid_request_error\"}}"));
        server.createContext("/v1/completions", x -> {
            x.getRequestBody().readAllBytes();
            answer(x, completionsStatus, completionsStatus == 200 ? "text/event-stream" : "application/json",
                    completionsStatus == 200 ? RecordedStreams.COMPLETION
                            : "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}");
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, 0); // chunked, as a stream
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    private int run(String... args) {
        return LoadGenerator.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoUrlsGiveATableRowPerUrlAndLevelAndTheRatios() throws IOException {
        String url = serve(200, 200);

        int code = run("--url", url + "," + url, "--concurrency", "1,2", "--requests", "4", "--rounds", "2",
                "--warmup", "1", "--max-tokens", "5");

        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("model fake-model", "alternating ABBA", "load average at start", "load average at end")
                .containsPattern("(?m)^   1  A  +8  +0 ").containsPattern("(?m)^   2  B  +8 +0 ")
                .contains("B/A").containsPattern("(?m)^   2  \\d\\.\\d{3} \\(");
        assertThat(err()).contains("concurrency 2, A run 2/2").doesNotContain("warning", "error");
    }

    @Test
    void anUnreachableUrlIsOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }

        assertThat(run("--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err()).isEqualTo("error: cannot reach http://127.0.0.1:" + port
                + "/v1/models: connection refused (is the server running?)" + System.lineSeparator());
    }

    @Test
    void aNon200AnswerIsOneLineWithTheServersMessage() throws IOException {
        String url = serve(404, 200);

        assertThat(run("--url", url)).isEqualTo(1);
        assertThat(err().lines()).containsExactly("error: GET " + url + "/v1/models answered HTTP 404: no such thing");
    }

    @Test
    void refusedRequestsStopTheRunAtTheWarmUp() throws IOException {
        String url = serve(200, 429);

        assertThat(run("--url", url, "--warmup", "2")).isEqualTo(1);
        assertThat(err()).endsWith("error: 2 of 2 warm-up requests to " + url + " failed: HTTP 429: Rate limit reached"
                + System.lineSeparator());
        assertThat(out()).doesNotContain("TPOT");
    }

    @Test
    void refusedRequestsWithoutWarmUpAreCountedAndFailTheCommand() throws IOException {
        String url = serve(200, 429);

        assertThat(run("--url", url, "--warmup", "0", "--requests", "3", "--rounds", "1")).isEqualTo(1);
        assertThat(out()).containsPattern("(?m)^   1  A  +3  +3 ");
        assertThat(err()).contains("error: 3 requests failed; the first: HTTP 429: Rate limit reached");
    }

    @Test
    void badOptionsAreOneLine() {
        assertThat(run("--url", "localhost:8080")).isEqualTo(1);
        assertThat(err().lines()).containsExactly("error: --url 'localhost:8080' is not an http(s)://host[:port] URL");
    }

    @Test
    void anUnknownHostIsNamedSo() {
        assertThat(run("--url", "http://no-such-host.invalid:8080")).isEqualTo(1);
        assertThat(err().lines()).containsExactly("error: cannot reach http://no-such-host.invalid:8080/v1/models: unknown host");
    }

    @Test
    void invalidOptionValuesAreOneLineWithoutTheUsage() {
        assertThat(run("--url", "http://localhost:1", "--concurrency", "x")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("error: Invalid value for option '--concurrency' (N): 'x' is not an int (see --help)");
    }

    @Test
    void atMostTwoUrls() {
        assertThat(run("--url", "http://a,http://b,http://c")).isEqualTo(1);
        assertThat(err().lines()).containsExactly("error: at most two URLs (A and B), got 3");
    }
}
