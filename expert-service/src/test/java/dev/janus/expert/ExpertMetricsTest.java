package dev.janus.expert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.expert.experts.HostedExperts;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.web.client.RestClient;

/**
 * One expert-service (N = 1, every expert of tiny-mixtral) driven by an attention-side engine
 * over gRPC: /actuator/prometheus shows one computed batch per layer step with its tokens, rows
 * and compute time histogram, and idle time between them. Graceful shutdown, with a 10 s grace
 * period: with the attention stream open but idle it finishes at once; with a batch in flight it
 * answers that batch first.
 */
class ExpertMetricsTest {

    private static final int STEPS = 3;
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Test
    void metricsCountEveryLayerStepAndShutdownDoesNotWaitForIdleStreams() throws Exception {
        Path dir = Fixtures.dir("tiny-mixtral");
        ConfigurableApplicationContext ctx = start(dir);
        try (Model model = Model.load(dir, (layer, e) -> false); ComputePool pool = new ComputePool(1, "metrics-test");
             GrpcExpertTransport transport = transport(ctx)) {
            var cfg = model.config();
            CurrentPlacement placement = new CurrentPlacement(
                    PlacementEpoch.roundRobin(1, cfg.numLayers(), cfg.numExperts(), 1, 0, null));
            RemoteExpertExecutor executor = new RemoteExpertExecutor(placement, transport, cfg.hiddenSize(),
                    Duration.ofSeconds(10));
            InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(pool), pool, new EngineOptions(16, 64,
                    new ScheduledDispatchPlanner(SchedulingPolicy.fromName("static").create(), placement), executor, null));
            int[] ids = Fixtures.ints(Fixtures.golden("tiny-mixtral").get("prompts").get(0).get("ids"));

            EngineRuns.greedy(engine, ids, STEPS);

            String scrape = RestClient.create("http://127.0.0.1:" + httpPort(ctx)).get().uri("/actuator/prometheus")
                    .retrieve().body(String.class);
            long layerSteps = (long) STEPS * cfg.numLayers(); // one MoE instance: one batch per layer step
            long tokens = (long) cfg.numLayers() * (ids.length + STEPS - 1);
            assertThat(sum(scrape, "janus_moe_expert_compute_seconds_count")).isEqualTo(layerSteps);
            assertThat(sum(scrape, "janus_moe_expert_compute_seconds_count", "layer=\"0\"")).isEqualTo(STEPS);
            assertThat(sum(scrape, "janus_moe_expert_compute_seconds_sum")).isPositive();
            assertThat(sum(scrape, "janus_moe_expert_compute_seconds_bucket", "layer=\"1\"", "le=\"+Inf\""))
                    .isEqualTo(STEPS);
            assertThat(scrape).contains("janus_moe_expert_compute_seconds_bucket{").contains("le=\"0.001\"")
                    .contains("moe_instance=\"0\"");
            assertThat(sum(scrape, "janus_moe_expert_batch_tokens_count")).isEqualTo(layerSteps);
            assertThat(sum(scrape, "janus_moe_expert_batch_tokens_sum")).isEqualTo(tokens);
            assertThat(sum(scrape, "janus_moe_expert_batch_rows_sum")).isEqualTo(tokens * cfg.numExpertsPerToken());
            assertThat(sum(scrape, "janus_moe_expert_activated_experts_sum"))
                    .isBetween((double) layerSteps, (double) layerSteps * cfg.numExperts());
            assertThat(sum(scrape, "janus_moe_expert_idle_seconds_total")).isPositive();
            assertThat(sum(scrape, "janus_moe_expert_streams")).isEqualTo(1);
            assertThat(sum(scrape, "janus_moe_expert_batches_in_flight")).isZero();

            long start = System.nanoTime();
            ctx.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("shutdown with an idle stream open")
                    .isLessThan(GRACE.dividedBy(2));
        } finally {
            ctx.close();
        }
    }

    @Test
    void shutdownAnswersTheBatchInFlightFirst() throws Exception {
        Path dir = Fixtures.dir("tiny-mixtral");
        ConfigurableApplicationContext ctx = start(dir);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GrpcExpertTransport transport = transport(ctx)) {
            ExpertStreamService service = ctx.getBean(ExpertStreamService.class);
            ExpertWorker worker = ctx.getBean(HostedExperts.class).worker();
            // hold the worker (one batch at a time) so that the batch stays in flight
            Thread.ofPlatform().start(() -> {
                synchronized (worker) {
                    holding.countDown();
                    awaitQuietly(release);
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<InstanceResult> answer = transport.execute(0, batch(7));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.inFlight() == 1);

            CompletableFuture<Void> closed = CompletableFuture.runAsync(ctx::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.isDraining()); // the context is closing
            assertThat(answer).isNotDone();
            release.countDown();

            assertThat(answer.get(10, TimeUnit.SECONDS).stepId()).isEqualTo(7);
            closed.get(GRACE.dividedBy(2).toSeconds(), TimeUnit.SECONDS);
            try {
                transport.execute(0, batch(8)).get(10, TimeUnit.SECONDS);
                throw new AssertionError("a stopped instance answered");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ExpertCallException.class);
            }
        } finally {
            release.countDown();
            ctx.close();
        }
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(ExpertServiceApplication.class).run(
                "--server.port=0", "--spring.grpc.server.port=0",
                "--spring.grpc.server.shutdown-grace-period=" + GRACE.toSeconds() + "s",
                "--moe.model.path=" + dir, "--moe.expert.compute-threads=1");
    }

    private static GrpcExpertTransport transport(ConfigurableApplicationContext ctx) {
        int port = ctx.getBean(GrpcServerLifecycle.class).getPort();
        return new GrpcExpertTransport(List.of(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build()));
    }

    private static int httpPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    /** A token of layer 0 for experts 0 and 1. */
    private static InstanceBatch batch(long step) {
        float[] hidden = new float[64];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (i % 5 - 2) * 0.1f;
        }
        return new InstanceBatch(step, 0, 1, new int[] {0}, hidden, 64, 2, new int[] {0, 1});
    }

    /** Sum of the samples of {@code name} whose labels contain every fragment. */
    private static double sum(String scrape, String name, String... labelFragments) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            boolean all = true;
            for (String f : labelFragments) {
                all &= line.substring(0, space).contains(f);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }


    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
