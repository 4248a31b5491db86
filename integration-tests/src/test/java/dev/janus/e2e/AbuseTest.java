package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 §4, abuse of the public entry (the gateway, in front of an attention-service): each
 * attempt is answered with the right 4xx or the connection is closed, nothing reaches the admin
 * upstream that should not, and afterwards the attention instance holds no KV blocks and both
 * heaps are back to their level before (after a full GC through jcmd).
 */
class AbuseTest {

    private static final String API_KEY = "sk-abuse";
    private static final String ADMIN_KEY = "admin-abuse";
    private static final TinyMixtral MODEL = new TinyMixtral();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;

    static ServiceProcess attention;
    static ServiceProcess gateway;
    /** The admin upstream (placement-service's place): every path that reached it. */
    static HttpServer admin;
    static final Queue<String> adminSaw = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws IOException {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/", exchange -> {
            adminSaw.add(exchange.getRequestURI().getRawPath());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        admin.start();
        attention = ServiceProcess.start("abuse-attention", "janus.e2e.attention-jar",
                List.of("--moe.model.path=" + TinyMixtral.copyTo(tmp), "--moe.scheduler.compute-threads=1"));
        List<String> gatewayArgs = SuiteArgs.gateway(attention.url(), API_KEY, "memory");
        gatewayArgs.addAll(List.of("--moe.gateway.placement-uri=http://127.0.0.1:" + admin.getAddress().getPort(),
                "--moe.gateway.admin-keys=" + ADMIN_KEY,
                // a connection that sends nothing for this long is closed (default 60 s; short to test it)
                "--server.netty.idle-timeout=2s"));
        gateway = ServiceProcess.start("abuse-gateway", "janus.e2e.gateway-jar", gatewayArgs);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (attention != null) {
            attention.close();
        }
        if (admin != null) {
            admin.stop(0);
        }
    }

    @Test
    void everyAttemptIsRefusedOrClosedAndNothingLeaks() throws Exception {
        completion(); // warm both services before the heap baseline
        long attentionHeap = heapAfterGc(attention);
        long gatewayHeap = heapAfterGc(gateway);
        int port = gateway.port();
        List<String> answers = new ArrayList<>();
        String completion = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":\"hi\",\"max_tokens\":4}";

        // request smuggling: a body framed two ways, a second request hidden in it
        RawHttp.Answer clTe = RawHttp.send(port, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /admin/placement HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(clTe.status()).as(clTe.text()).isIn(-1, 400);
        answers.add("| Content-Length and Transfer-Encoding both, a request hidden in the body | " + shown(clTe) + " |");
        RawHttp.Answer twoLengths = RawHttp.send(port, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + API_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + completion.length()
                + "\r\nContent-Length: 3\r\n\r\n" + completion);
        assertThat(twoLengths.status()).as(twoLengths.text()).isIn(-1, 400);
        answers.add("| two different Content-Length headers | " + shown(twoLengths) + " |");
        RawHttp.Answer badChunk = RawHttp.send(port, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + API_KEY + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertThat(badChunk.status()).as(badChunk.text()).isIn(-1, 400);
        answers.add("| a malformed chunk size | " + shown(badChunk) + " |");

        // oversized headers and bodies
        RawHttp.Answer bigHeader = RawHttp.send(port, "GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n");
        assertThat(bigHeader.status()).as(bigHeader.text()).isIn(-1, 400, 431);
        answers.add("| a 20 KB header | " + shown(bigHeader) + " |");
        String hugeBody = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":\"" + "a".repeat(2_000_000) + "\"}";
        HttpResponse<String> tooBig = post("/v1/completions", API_KEY, hugeBody);
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
        assertThat(tooBig.body()).contains("\"error\"");
        answers.add("| a 2 MB body | " + tooBig.statusCode() + " (OpenAI error JSON) |");

        // traversal and encoded paths towards /internal and around /admin: never 2xx, never forwarded there
        for (String path : List.of("/internal/placement/current", "/admin/../internal/placement/current",
                "/admin/%2e%2e/internal/placement/current", "/admin/..%2finternal/placement/current",
                "/v1/..%2f..%2finternal/activation-stats", "/%2finternal/activation-stats", "/admin/placement/%2e%2e/%2e%2e/internal",
                "/admin%2fplacement", "//admin/placement", "/v1/%2e%2e/admin/placement")) {
            for (String key : new String[] {null, API_KEY, ADMIN_KEY}) {
                RawHttp.Answer a = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                        + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "Connection: close\r\n\r\n");
                assertThat(a.status()).as("%s with %s: %s", path, key, a.text()).isIn(-1, 400, 401, 403, 404);
                answers.add("| `GET " + path + "` with " + (key == null ? "no key" : key.equals(API_KEY) ? "an API key"
                        : "the admin key") + " | " + shown(a) + " |");
            }
        }
        assertThat(adminSaw).as("paths that reached the admin upstream").allSatisfy(p ->
                assertThat(p).doesNotContainIgnoringCase("internal").doesNotContain("..").doesNotContainIgnoringCase("%2e"));

        // wrong and missing keys on both realms
        assertThat(get("/v1/models", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/models", "sk-wrong").statusCode()).isEqualTo(401);
        assertThat(get("/admin/placement", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/placement", "wrong-admin").statusCode()).isEqualTo(401);
        assertThat(get("/admin/placement", API_KEY).statusCode()).isEqualTo(403);
        int adminCallsBefore = adminSaw.size();
        assertThat(get("/admin/placement", ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(adminSaw).hasSize(adminCallsBefore + 1);

        // slowloris: 200 connections each sending half a request line by line; serving goes on, then they are closed
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write("POST /v1/completions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            slow.add(s);
        }
        assertThat(completion()).as("served while 200 slow clients hold connections").isEqualTo(200);
        for (Socket s : slow) {
            s.setSoTimeout(10_000);
            try (s; InputStream in = s.getInputStream()) {
                RawHttp.Answer a = RawHttp.read(in);
                assertThat(a.status()).as("a stalled request is closed (or refused): %s", a.text()).isIn(-1, 400, 408);
            }
        }

        // thousands of connections opened and abandoned, some mid-request
        for (int i = 0; i < 2_000; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (i % 4 == 0) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_KEY
                            + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        }
        // streams abandoned mid-generation: the attention instance cancels them and frees their blocks
        for (int i = 0; i < 32; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                String body = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":\"" + "tell a story ".repeat(20)
                        + "\",\"max_tokens\":200,\"ignore_eos\":true,\"stream\":true}";
                s.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                s.setSoTimeout(10_000);
                assertThat(s.getInputStream().read()).as("the stream started").isNotNegative();
            }
        }
        assertThat(completion()).as("served after the abuse").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric(attention, "janus_kv_cache_blocks_used")).as("KV blocks in use").isZero());
        assertThat(metric(attention, "janus_scheduler_running_sequences")).isZero();

        answers.add("| 200 connections sending half a request, then silent | closed after the idle timeout; "
                + "a completion meanwhile: 200 |");
        answers.add("| 2,000 connections opened and dropped (every 4th mid-body), 32 streams dropped mid-generation "
                + "| completion afterwards: 200; KV blocks in use: 0 |");
        long attentionAfter = heapAfterGc(attention);
        long gatewayAfter = heapAfterGc(gateway);
        ReliabilityReport.append("\n### Abuse of the gateway\n\n| attempt | answer |\n|---|---|\n" + String.join("\n", answers)
                + String.format("%n%nHeap after a full GC (jcmd GC.run), before -> after: attention-service %d -> %d MiB, "
                        + "gateway %d -> %d MiB. The admin upstream saw only: %s.%n", attentionHeap >> 20, attentionAfter >> 20,
                        gatewayHeap >> 20, gatewayAfter >> 20, adminSaw));
        assertThat(attentionAfter).as("attention heap back to its level").isLessThan(attentionHeap + attentionHeap / 4 + (32 << 20));
        assertThat(gatewayAfter).as("gateway heap back to its level").isLessThan(gatewayHeap + gatewayHeap / 4 + (32 << 20));
    }

    private static String shown(RawHttp.Answer a) {
        return a.closedWithoutAnswer() ? "connection closed, no answer" : Integer.toString(a.status());
    }

    private static int completion() throws Exception {
        TinyMixtral.Golden g = MODEL.prompts().getFirst();
        String body = "{\"model\":\"" + TinyMixtral.ID + "\",\"prompt\":" + Arrays.toString(g.ids()) + ",\"max_tokens\":4}";
        return post("/v1/completions", API_KEY, body).statusCode();
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            r.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Heap in use right after a full GC the test asks for through jcmd (the JDK's own tool). */
    private static long heapAfterGc(ServiceProcess service) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return (long) sum(service, "jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    private static double metric(ServiceProcess service, String name) {
        return sum(service, name, Map.of());
    }

    private static double sum(ServiceProcess service, String name, Map<String, String> labels) {
        Scrape scrape = Scrape.of(service);
        assertThat(scrape.has(name, labels)).as("%s%s exported by %s", name, labels, service).isTrue();
        return scrape.sum(name, labels);
    }
}
