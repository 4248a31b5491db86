package dev.janus.scaler.profile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An attention-service and one expert-service as far as the profile sweep sees them: /v1/models,
 * /v1/completions (answers with the usage asked for) and /actuator/prometheus, whose per-layer
 * counters grow with each completion by a known cost — every request decoded alone, O steps of
 * {@value #LAYERS} layers, attention 20 µs + 10 ns per context token a step, MoE 5 µs + 1 µs per
 * activated expert a batch. Thread-safe; counts only what the sweep reads.
 */
final class SimulatedServices implements AutoCloseable {

    static final int LAYERS = 4;
    private static final Pattern MAX_TOKENS = Pattern.compile("\"max_tokens\":(\\d+)");
    private static final Pattern PROMPT = Pattern.compile("\"prompt\":\\[([0-9,]*)]");

    private final HttpServer attention;
    private final HttpServer expert;
    private double attentionSeconds, steps, tokens, expertSeconds, batches, rows, activated; // guarded by this

    SimulatedServices() {
        try {
            attention = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            expert = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attention.createContext("/v1/models", x -> reply(x, "{\"object\":\"list\",\"data\":[{\"id\":\"simulated\"}]}"));
        attention.createContext("/v1/completions", this::complete);
        attention.createContext("/actuator/prometheus", x -> reply(x, attentionScrape()));
        expert.createContext("/actuator/prometheus", x -> reply(x, expertScrape()));
        attention.start();
        expert.start();
    }

    URI attentionUri() {
        return URI.create("http://127.0.0.1:" + attention.getAddress().getPort());
    }

    URI expertUri() {
        return URI.create("http://127.0.0.1:" + expert.getAddress().getPort());
    }

    private void complete(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher o = MAX_TOKENS.matcher(body);
        Matcher p = PROMPT.matcher(body);
        if (!o.find() || !p.find()) {
            x.sendResponseHeaders(400, -1);
            x.close();
            return;
        }
        int output = Integer.parseInt(o.group(1));
        int prompt = p.group(1).split(",").length;
        synchronized (this) {
            for (int t = 0; t < output; t++) {
                double context = prompt + t;
                double expertsActive = 1 + (t % 3); // varies apart from rows, so bytes and flops separate
                attentionSeconds += LAYERS * (20e-6 + 10e-9 * context);
                steps += LAYERS;
                tokens += LAYERS;
                expertSeconds += LAYERS * (5e-6 + 1e-6 * expertsActive);
                batches += LAYERS;
                rows += LAYERS * 2;
                activated += LAYERS * expertsActive;
            }
        }
        reply(x, "{\"choices\":[{\"text\":\"x\"}],\"usage\":{\"completion_tokens\":" + output + "}}");
    }

    private synchronized String attentionScrape() {
        return "janus_attention_layer_seconds_sum{layer=\"0\"} " + attentionSeconds + "\n"
                + "janus_attention_layer_seconds_count{layer=\"0\"} " + steps + "\n"
                + "janus_attention_layer_tokens_sum " + tokens + "\n"
                + "janus_attention_layer_tokens_count " + steps + "\n";
    }

    private synchronized String expertScrape() {
        return "janus_moe_expert_compute_seconds_sum{layer=\"0\",moe_instance=\"0\"} " + expertSeconds + "\n"
                + "janus_moe_expert_compute_seconds_count{layer=\"0\",moe_instance=\"0\"} " + batches + "\n"
                + "janus_moe_expert_batch_rows_sum{moe_instance=\"0\"} " + rows + "\n"
                + "janus_moe_expert_activated_experts_sum{moe_instance=\"0\"} " + activated + "\n";
    }

    private static void reply(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        attention.stop(0);
        expert.stop(0);
    }
}
