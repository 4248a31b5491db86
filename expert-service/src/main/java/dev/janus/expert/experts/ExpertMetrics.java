package dev.janus.expert.experts;

import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.metrics.ExpertObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * This MoE instance's work as Micrometer meters, every one tagged {@code moe_instance} (not
 * {@code instance}: Prometheus sets that label to the scrape target). Prometheus names:
 * janus_moe_expert_compute_seconds{layer} (histogram: grouped expert FFNs of one batch),
 * janus_moe_expert_idle_seconds_total (no batch to compute while attention streams were open),
 * janus_moe_expert_batch_tokens, janus_moe_expert_batch_rows and janus_moe_expert_activated_experts
 * (per batch, summaries), janus_moe_expert_streams and janus_moe_expert_batches_in_flight (gauges).
 * Meters are registered up front and indexed by layer, so a report allocates nothing.
 */
public final class ExpertMetrics implements ExpertObserver {

    private static final Duration[] COMPUTE_BUCKETS = micros(20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000,
            20_000, 50_000, 100_000, 500_000, 1_000_000);
    private static final double[] EXPERT_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final Timer[] compute; // [layer]
    private final DistributionSummary tokens;
    private final DistributionSummary rows;
    private final DistributionSummary activated;
    private final LongAdder idleNanos = new LongAdder();

    public ExpertMetrics(MeterRegistry registry, int instance, int layers) {
        String inst = Integer.toString(instance);
        compute = new Timer[layers];
        for (int l = 0; l < layers; l++) {
            compute[l] = Timer.builder("janus.moe.expert.compute").tag("moe_instance", inst).tag("layer", Integer.toString(l))
                    .serviceLevelObjectives(COMPUTE_BUCKETS)
                    .description("Grouped expert FFNs of one batch (excluding waits and the wire)").register(registry);
        }
        tokens = DistributionSummary.builder("janus.moe.expert.batch.tokens").tag("moe_instance", inst)
                .description("Token rows of a batch").register(registry);
        rows = DistributionSummary.builder("janus.moe.expert.batch.rows").tag("moe_instance", inst)
                .description("(token, expert) rows computed for a batch").register(registry);
        activated = DistributionSummary.builder("janus.moe.expert.activated.experts").tag("moe_instance", inst)
                .serviceLevelObjectives(EXPERT_BUCKETS)
                .description("Distinct physical experts a batch activates (weights read)").register(registry);
        FunctionCounter.builder("janus.moe.expert.idle", idleNanos, a -> a.sum() / 1e9).tag("moe_instance", inst)
                .baseUnit("seconds").description("Time with attention streams open but no batch to compute")
                .register(registry);
    }

    /** Gauges of the streams and batches the service has now. */
    public void bindGauges(MeterRegistry registry, int instance, ExpertStreamService service) {
        String inst = Integer.toString(instance);
        Gauge.builder("janus.moe.expert.streams", service, ExpertStreamService::openStreams).tag("moe_instance", inst)
                .description("Attention streams open").register(registry);
        Gauge.builder("janus.moe.expert.batches.in.flight", service, ExpertStreamService::inFlight)
                .tag("moe_instance", inst).description("Batches being computed").register(registry);
    }

    @Override
    public void batchComputed(int layer, int tokens, int rows, int activatedExperts, long computeNanos) {
        compute[layer].record(computeNanos, TimeUnit.NANOSECONDS);
        this.tokens.record(tokens);
        this.rows.record(rows);
        activated.record(activatedExperts);
    }

    @Override
    public void idle(long nanos) {
        idleNanos.add(nanos);
    }

    private static Duration[] micros(long... us) {
        Duration[] d = new Duration[us.length];
        for (int i = 0; i < us.length; i++) {
            d[i] = Duration.ofNanos(us[i] * 1_000);
        }
        return d;
    }
}
