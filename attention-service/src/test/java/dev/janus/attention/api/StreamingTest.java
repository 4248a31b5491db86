package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Server-sent events byte by byte, and what happens when the client goes away. */
@ApiTest
class StreamingTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void eventsAreOpenAiServerSentEvents() {
        RawApi api = new RawApi(port);
        RawApi.Reply r = api.post("/v1/chat/completions", "{\"model\":\"" + TinyModel.ID + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"max_tokens\":5,\"temperature\":0,\"stream\":true,\"n\":2}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/event-stream");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        List<String> events = List.of(r.body().split("\n\n"));
        assertThat(events).allSatisfy(e -> assertThat(e).startsWith("data: ").doesNotContain("\n"));
        int[] finished = new int[2];
        int[] roles = new int[2];
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = RawApi.JSON.readTree(e.substring("data: ".length()));
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            JsonNode choice = chunk.get("choices").get(0);
            int index = choice.get("index").asInt();
            if (choice.get("delta").has("role")) {
                roles[index]++;
            }
            if (!choice.get("finish_reason").isNull()) {
                finished[index]++;
                assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
            }
        }
        assertThat(roles).containsExactly(1, 1);
        assertThat(finished).containsExactly(1, 1);
    }

    @Test
    void aClientThatDisconnectsIsCancelledAndItsBlocksFreed() throws Exception {
        double cancelledBefore = cancelled();
        byte[] json = ("{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[1,2,3],"
                + "\"max_tokens\":2000,\"temperature\":0,\"ignore_eos\":true,\"stream\":true}").getBytes(StandardCharsets.UTF_8);
        // a plain socket, closed for certain after three events: the JDK HttpClient's body close did
        // not always close the connection, and the 2,000 tokens then fit in the loopback buffers
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(json);
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int events = 0;
            for (String line = reader.readLine(); line != null && events < 3; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            assertThat(events).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cancelled() != cancelledBefore && kvUsed() == 0);
        assertThat(cancelled()).isEqualTo(cancelledBefore + 1);
        assertThat(kvUsed()).isZero();
    }

    private double cancelled() {
        Counter c = registry.find("janus.sequences").tag("finish_reason", "cancelled").counter();
        return c == null ? 0 : c.count();
    }

    private double kvUsed() {
        return registry.get("janus.kv.cache.blocks.used").gauge().value();
    }
}
