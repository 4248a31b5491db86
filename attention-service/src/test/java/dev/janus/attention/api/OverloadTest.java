package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.TinyModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One running and one waiting sequence at most: the next request is refused with 503 in OpenAI's shape. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.model.path=../model-lib/src/test/resources/fixtures/tiny-mixtral",
        "moe.scheduler.compute-threads=1",
        "moe.scheduler.max-running=1",
        "moe.scheduler.max-queued=1",
        "moe.scheduler.max-step-tokens=64",
        "moe.scheduler.kv-cache-tokens=4096",
})
class OverloadTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        RawApi api = new RawApi(port);
        String longStream = "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1,2,3],\"max_tokens\":2000,\"ignore_eos\":true,"
                + "\"temperature\":0,\"stream\":true}";
        HttpRequest request = HttpRequest.newBuilder(api.uri("/v1/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(longStream)).build();
        HttpResponse<InputStream> running = api.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = running.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            assertThat(reader.readLine()).startsWith("data: "); // the first sequence is running
            CompletableFuture<HttpResponse<InputStream>> waiting =
                    api.client().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> registry.get("janus.scheduler.waiting.sequences").gauge().value() >= 1);
            RawApi.Reply refused = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1],\"max_tokens\":1}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("type").asString()).isEqualTo("server_overloaded");
            var retryAfter = api.client().send(HttpRequest.newBuilder(api.uri("/v1/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1]}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(retryAfter.statusCode()).isEqualTo(503);
            assertThat(retryAfter.headers().firstValue("Retry-After")).contains("1");
            waiting.cancel(true);
        }
        // both long streams are cancelled once their clients are gone; the server serves again
        RawApi.Reply ok = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1],\"max_tokens\":1}"),
                        r -> r.status() != 503);
        assertThat(ok.status()).isEqualTo(200);
    }
}
