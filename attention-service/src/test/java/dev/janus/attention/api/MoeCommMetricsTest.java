package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.comm.metrics.ExpertObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Split mode's MoE metrics on /actuator/prometheus, against two MoE-instance gRPC servers that
 * count what they receive: per MoE instance the batches, rows and distinct experts the attention
 * side reports equal what that instance computed, every batch has a round trip in the per-layer
 * histogram, and attention reports idle time. Two sequences of one token each (n = 2, greedy, so
 * identical routing) also show moe.experts.micro-batches at work: with 2 micro-batches every
 * batch carries one token, with 1 the two sequences' tokens share batches.
 */
class MoeCommMetricsTest {

    private static final int INSTANCES = 2;

    @Test
    void metricsCountWhatTheMoeInstancesComputedForOneAndTwoMicroBatches() throws Exception {
        Scrape twoMicroBatches = run(2);
        assertThat(twoMicroBatches.sum("janus_moe_tokens_total")).as("one sequence per micro-batch")
                .isEqualTo(twoMicroBatches.sum("janus_moe_messages_total"));
        Scrape oneMicroBatch = run(1);
        assertThat(oneMicroBatch.sum("janus_moe_tokens_total")).as("both sequences in a batch")
                .isGreaterThan(oneMicroBatch.sum("janus_moe_messages_total"));
    }

    @Test
    void microBatchesBelowOneAreAStartupError() {
        assertThat(startupError("--moe.experts.micro-batches=0"))
                .contains("moe.experts.micro-batches must be at least 1 (1 = off), got 0");
    }

    /** One completion (n = 2, one prompt token, 4 tokens) in split mode; checks and returns the scrape. */
    private static Scrape run(int microBatches) throws Exception {
        Counting[] received = new Counting[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            received[i] = new Counting();
        }
        ConfigurableApplicationContext ctx = null;
        try (MoeInstances moe = new MoeInstances(INSTANCES, 0, i -> received[i])) {
            String targets = moe.targets();
            ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                    "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                    "--moe.scheduler.kv-cache-tokens=1024", "--moe.experts.transport=grpc",
                    "--moe.experts.targets=" + targets, "--moe.experts.micro-batches=" + microBatches,
                    "--moe.placement.instances=" + INSTANCES);
            RawApi api = new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());

            RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":[7],\"n\":2,"
                    + "\"max_tokens\":4,\"temperature\":0,\"ignore_eos\":true}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);

            long batches = 0;
            for (Counting c : received) {
                batches += c.batches.sum();
            }
            // an answer's round trip is recorded by the gRPC thread that completes it, maybe just after
            // the engine moved on: scrape until every batch has one
            long expected = batches;
            Scrape scrape = await().atMost(Duration.ofSeconds(10)).until(() -> new Scrape(api.get("/actuator/prometheus").body()),
                    s -> s.sum("janus_moe_round_trip_seconds_count") >= expected);
            assertThat(batches).as("batches the MoE instances computed").isPositive();
            for (int i = 0; i < INSTANCES; i++) {
                String inst = "moe_instance=\"" + i + "\"";
                assertThat(scrape.sum("janus_moe_messages_total", inst)).as(inst).isEqualTo(received[i].batches.sum());
                assertThat(scrape.sum("janus_moe_rows_total", inst)).as(inst).isEqualTo(received[i].rows.sum());
                assertThat(scrape.sum("janus_moe_tokens_total", inst)).as(inst).isEqualTo(received[i].tokens.sum());
                assertThat(scrape.sum("janus_moe_activated_experts_count", inst)).as(inst)
                        .isEqualTo(received[i].batches.sum());
                assertThat(scrape.sum("janus_moe_activated_experts_sum", inst)).as(inst)
                        .isEqualTo(received[i].activated.sum());
                if (received[i].batches.sum() > 0) {
                    // a token row: its index, 64 fp32 values and 2 expert ids, plus a header per message
                    assertThat(scrape.sum("janus_moe_bytes_total", inst, "direction=\"sent\"")).as(inst)
                            .isGreaterThanOrEqualTo(received[i].tokens.sum() * (4 + 64 * 4 + 2 * 4));
                    assertThat(scrape.sum("janus_moe_bytes_total", inst, "direction=\"received\"")).as(inst)
                            .isGreaterThanOrEqualTo(received[i].rows.sum() * 64 * 4);
                }
            }
            assertThat(scrape.sum("janus_moe_round_trip_seconds_count")).isEqualTo(batches);
            assertThat(scrape.sum("janus_moe_round_trip_seconds_count", "layer=\"0\"")).isPositive();
            assertThat(scrape.sum("janus_moe_round_trip_seconds_sum")).isPositive();
            assertThat(scrape.text).contains("janus_moe_round_trip_seconds_bucket{").contains("le=\"0.001\"")
                    .contains("janus_moe_activated_experts_bucket{");
            assertThat(scrape.sum("janus_moe_round_trip_seconds_bucket", "layer=\"3\"", "le=\"+Inf\""))
                    .isEqualTo(scrape.sum("janus_moe_round_trip_seconds_count", "layer=\"3\""));
            assertThat(scrape.sum("janus_moe_attention_idle_seconds_total")).isPositive();
            return scrape;
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    private static String startupError(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--moe.model.path=" + TinyModel.DIR));
        all.addAll(List.of(args));
        try (var ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(all.toArray(String[]::new))) {
            throw new AssertionError("started with " + all);
        } catch (RuntimeException e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }

    /** What one MoE instance computed. */
    private static final class Counting implements ExpertObserver {
        final LongAdder batches = new LongAdder();
        final LongAdder tokens = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder activated = new LongAdder();

        @Override
        public void batchComputed(int layer, int tokens, int rows, int activatedExperts, long computeNanos) {
            batches.increment();
            this.tokens.add(tokens);
            this.rows.add(rows);
            activated.add(activatedExperts);
        }
    }

    /** A Prometheus text scrape. */
    record Scrape(String text) {
        /** Sum of the samples of {@code name} whose labels contain every fragment. */
        double sum(String name, String... labelFragments) {
            double sum = 0;
            for (String line : text.split("\n")) {
                if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String labels = line.substring(0, space);
                boolean all = true;
                for (String f : labelFragments) {
                    all &= labels.contains(f);
                }
                if (all) {
                    sum += Double.parseDouble(line.substring(space + 1));
                }
            }
            return sum;
        }
    }
}
