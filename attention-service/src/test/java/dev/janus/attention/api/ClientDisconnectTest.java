package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.TinyModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A non-streaming client that closes its socket is cancelled at once, whether it is generating
 * or still queued: its sequence leaves the scheduler and its KV blocks are freed long before
 * its 2000 tokens could have been generated. One running sequence at most, so a second waits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.model.path=../model-lib/src/test/resources/fixtures/tiny-mixtral",
        "moe.scheduler.compute-threads=1",
        "moe.scheduler.max-running=1",
        "moe.scheduler.max-queued=4",
        "moe.scheduler.max-step-tokens=64",
        "moe.scheduler.kv-cache-tokens=4096",
})
class ClientDisconnectTest {

    private static final int MAX_TOKENS = 2000;
    private static final String LONG = "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1,2,3],\"max_tokens\":" + MAX_TOKENS
            + ",\"ignore_eos\":true,\"temperature\":0";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void aGeneratingRequestWhoseClientClosesIsCancelledAndItsBlocksFreed() throws Exception {
        double cancelled = sequences("cancelled");
        double length = sequences("length");
        double generated = registry.get("janus.generation.tokens").counter().count();
        try (Socket client = postRaw("/v1/completions", LONG + "}")) {
            awaitTrue(() -> gauge("janus.scheduler.running.sequences") == 1 && gauge("janus.kv.cache.blocks.used") > 0);
        }
        awaitTrue(() -> sequences("cancelled") > cancelled && gauge("janus.kv.cache.blocks.used") == 0);
        assertThat(gauge("janus.scheduler.running.sequences")).isZero();
        assertThat(sequences("length")).isEqualTo(length);
        assertThat(registry.get("janus.generation.tokens").counter().count() - generated).isLessThan(MAX_TOKENS);
        assertServesAgain();
    }

    @Test
    void aQueuedRequestWhoseClientClosesLeavesTheQueueWithoutRunning() throws Exception {
        RawApi api = new RawApi(port);
        HttpRequest stream = HttpRequest.newBuilder(api.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + TinyModel.ID + "\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Hi\"}],\"max_tokens\":" + MAX_TOKENS + ",\"ignore_eos\":true,\"stream\":true}"))
                .build();
        HttpResponse<InputStream> running = api.client().send(stream, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = running.body()) {
            BufferedReader events = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            assertThat(events.readLine()).startsWith("data: "); // it holds the one running slot
            double cancelled = sequences("cancelled");
            try (Socket client = postRaw("/v1/chat/completions", "{\"model\":\"" + TinyModel.ID
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":" + MAX_TOKENS + "}")) {
                awaitTrue(() -> gauge("janus.scheduler.waiting.sequences") == 1);
            }
            awaitTrue(() -> gauge("janus.scheduler.waiting.sequences") == 0);
            assertThat(sequences("cancelled")).isEqualTo(cancelled + 1);
            assertThat(gauge("janus.scheduler.running.sequences")).isEqualTo(1); // the stream, still going
            assertThat(events.readLine()).isNotNull();
        }
        awaitTrue(() -> gauge("janus.scheduler.running.sequences") == 0 && gauge("janus.kv.cache.blocks.used") == 0);
        assertServesAgain();
    }

    /** Sends a whole request on a raw socket and returns without reading the answer. */
    private Socket postRaw(String path, String json) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    private void assertServesAgain() {
        RawApi.Reply ok = new RawApi(port).post("/v1/completions",
                "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1,2,3],\"max_tokens\":4,\"temperature\":0}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("usage").get("completion_tokens").asInt()).isEqualTo(4);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(condition::getAsBoolean);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double sequences(String finishReason) {
        Counter c = registry.find("janus.sequences").tag("finish_reason", finishReason).counter();
        return c == null ? 0 : c.count();
    }
}
