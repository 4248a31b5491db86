package dev.janus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.gateway.balance.AttentionInstance;
import dev.janus.gateway.balance.AttentionPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.DisposableServer;

/**
 * An attention instance that is ready but closes every connection after reading a request, before
 * any response byte: what a client sees when it sends on a pooled keep-alive connection in the
 * instant the instance closes it (graceful shutdown), or when the instance dies. The request,
 * body included, is answered by the other instance; a response timeout would not be retried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.rate-limit.enabled=false"})
class GatewayClosedBeforeResponseTest {

    static final AtomicInteger LIVE_HITS = new AtomicInteger();
    static final DisposableServer LIVE = StandInBackend.start(r -> r.post("/v1/echo", (req, res) -> {
        LIVE_HITS.incrementAndGet();
        return res.sendString(req.receive().aggregate().asString());
    }));
    static final ClosingInstance CLOSING = new ClosingInstance();

    @DynamicPropertySource
    static void attentionUris(DynamicPropertyRegistry registry) {
        registry.add("moe.gateway.attention-uris", () -> CLOSING.url() + "," + StandInBackend.url(LIVE));
    }

    @AfterAll
    static void stopBackends() throws IOException {
        LIVE.disposeNow();
        CLOSING.socket.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    AttentionPool pool;

    @Test
    void aRequestWhoseConnectionClosedBeforeAnyResponseByteIsAnsweredByAnotherInstance() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 6; i++) {
            String body = "{\"prompt\":\"request " + i + "\"}";
            client.post().uri("/v1/echo").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).isEqualTo(body);
        }
        assertThat(LIVE_HITS.get()).isEqualTo(6);
        assertThat(CLOSING.dropped.get()).as("requests first sent to the closing instance").isPositive();
        AttentionInstance closing = pool.instances().stream().filter(i -> i.uri().toString().equals(CLOSING.url()))
                .findFirst().orElseThrow();
        assertThat(closing.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(CLOSING.dropped.get());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.instances()).allSatisfy(i -> assertThat(i.inFlight()).isZero()));
    }

    /** Answers its readiness probe 200; reads any other request to its end and closes the connection unanswered. */
    static final class ClosingInstance {

        final ServerSocket socket;
        final AtomicInteger dropped = new AtomicInteger();

        ClosingInstance() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread.ofVirtual().start(() -> serve(connection));
                    } catch (IOException e) {
                        return; // closed after the test
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                int length = 0;
                for (String header; (header = in.readLine()) != null && !header.isEmpty(); ) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                for (long left = length; left > 0; ) { // the body (ISO-8859-1: one char per byte)
                    long skipped = in.skip(left);
                    if (skipped <= 0) {
                        break; // the gateway closed first: skip returns 0 at the end of the stream, for ever
                    }
                    left -= skipped;
                }
                if (requestLine != null && requestLine.startsWith("GET " + StandInBackend.READINESS + " ")) {
                    OutputStream out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else {
                    dropped.incrementAndGet();
                }
            } catch (IOException e) {
                // the gateway gave up on the connection first
            }
        }
    }
}
