package dev.janus.attention.config;

import dev.janus.comm.metrics.CommObserver;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.twophase.CommStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The attention side's traffic to the MoE instances as Micrometer meters (split mode). Prometheus
 * names, per MoE instance ({@code moe_instance}, not {@code instance}: Prometheus sets that label
 * to the scrape target):
 * janus_moe_messages_total, janus_moe_bytes_total{direction="sent"|"received"},
 * janus_moe_tokens_total, janus_moe_rows_total, janus_moe_activated_experts (distinct physical
 * experts per batch, a histogram); per layer janus_moe_round_trip_seconds (histogram); and
 * janus_moe_attention_idle_seconds_total, the engine thread's time blocked on expert answers.
 * With two-phase communication also CommStats per mode: janus_moe_comm_messages_total{mode},
 * janus_moe_comm_bytes_total{mode}, janus_moe_comm_steps_total{mode}.
 *
 * <p>Every meter is registered up front and looked up by array index, so a report allocates
 * nothing; the idle time is a {@link LongAdder} of nanoseconds read by a function counter.
 */
public final class MoeCommMetrics implements CommObserver {

    private static final Duration[] ROUND_TRIP_BUCKETS = micros(50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000,
            20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 5_000_000);
    private static final double[] EXPERT_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final MeterRegistry registry;
    private final Counter[] messages;      // [instance]
    private final Counter[] sentBytes;     // [instance]
    private final Counter[] receivedBytes; // [instance]
    private final Counter[] tokens;        // [instance]
    private final Counter[] rows;          // [instance]
    private final DistributionSummary[] activated; // [instance]
    private final Timer[] roundTrip;       // [layer]
    private final LongAdder idleNanos = new LongAdder();

    public MoeCommMetrics(MeterRegistry registry, int layers, int instances) {
        this.registry = registry;
        messages = new Counter[instances];
        sentBytes = new Counter[instances];
        receivedBytes = new Counter[instances];
        tokens = new Counter[instances];
        rows = new Counter[instances];
        activated = new DistributionSummary[instances];
        for (int i = 0; i < instances; i++) {
            String inst = Integer.toString(i);
            messages[i] = Counter.builder("janus.moe.messages").tag("moe_instance", inst)
                    .description("Activation batches sent to a MoE instance (failover retries included)").register(registry);
            sentBytes[i] = Counter.builder("janus.moe.bytes").tag("moe_instance", inst).tag("direction", "sent")
                    .baseUnit("bytes").description("Activation payload exchanged with a MoE instance").register(registry);
            receivedBytes[i] = Counter.builder("janus.moe.bytes").tag("moe_instance", inst).tag("direction", "received")
                    .baseUnit("bytes").description("Activation payload exchanged with a MoE instance").register(registry);
            tokens[i] = Counter.builder("janus.moe.tokens").tag("moe_instance", inst)
                    .description("Token rows sent to a MoE instance (a token once per instance)").register(registry);
            rows[i] = Counter.builder("janus.moe.rows").tag("moe_instance", inst)
                    .description("(token, expert) rows a MoE instance computed for this instance").register(registry);
            activated[i] = DistributionSummary.builder("janus.moe.activated.experts").tag("moe_instance", inst)
                    .serviceLevelObjectives(EXPERT_BUCKETS)
                    .description("Distinct physical experts a batch activates on a MoE instance").register(registry);
        }
        roundTrip = new Timer[layers];
        for (int l = 0; l < layers; l++) {
            roundTrip[l] = Timer.builder("janus.moe.round.trip").tag("layer", Integer.toString(l))
                    .serviceLevelObjectives(ROUND_TRIP_BUCKETS)
                    .description("From sending a layer's batch to a MoE instance to its answer").register(registry);
        }
        FunctionCounter.builder("janus.moe.attention.idle", idleNanos, a -> a.sum() / 1e9).baseUnit("seconds")
                .description("Time the engine thread waited for MoE instances' answers").register(registry);
    }

    @Override
    public void batchSent(int layer, int instance, int tokens, int rows, int activatedExperts, long bytes) {
        messages[instance].increment();
        this.tokens[instance].increment(tokens);
        this.rows[instance].increment(rows);
        activated[instance].record(activatedExperts);
        sentBytes[instance].increment(bytes);
    }

    @Override
    public void batchAnswered(int layer, int instance, long roundTripNanos, long bytes) {
        roundTrip[layer].record(roundTripNanos, TimeUnit.NANOSECONDS);
        receivedBytes[instance].increment(bytes);
    }

    @Override
    public void attentionIdle(int layer, long nanos) {
        idleNanos.add(nanos);
    }

    /** Two-phase communication: CommStats' messages, bytes and layer steps per mode. */
    /** janus_placement_epoch_version: the epoch new layer steps use; janus_placement_epoch_commits_total. */
    public void bindPlacement(CurrentPlacement placement) {
        Gauge.builder("janus.placement.epoch.version", placement, p -> p.get().version())
                .description("Placement epoch version new layer steps run under").register(registry);
        Counter commits = Counter.builder("janus.placement.epoch.commits")
                .description("Placement epochs committed since start").register(registry);
        placement.onCommit(epoch -> commits.increment());
    }

    public void bindCommStats(CommStats stats) {
        modeCounter("janus.moe.comm.messages", "direct", stats, CommStats::directMessages, null);
        modeCounter("janus.moe.comm.messages", "phase1", stats, CommStats::phase1Messages, null);
        modeCounter("janus.moe.comm.messages", "phase2", stats, CommStats::phase2Messages, null);
        modeCounter("janus.moe.comm.bytes", "direct", stats, CommStats::directBytes, "bytes");
        modeCounter("janus.moe.comm.bytes", "phase1", stats, CommStats::phase1Bytes, "bytes");
        modeCounter("janus.moe.comm.bytes", "phase2", stats, CommStats::phase2Bytes, "bytes");
        modeCounter("janus.moe.comm.steps", "direct", stats, CommStats::directSteps, null);
        modeCounter("janus.moe.comm.steps", "two_phase", stats, CommStats::twoPhaseSteps, null);
    }

    private void modeCounter(String name, String mode, CommStats stats, ToLongFunction<CommStats> value,
                             String baseUnit) {
        FunctionCounter.builder(name, stats, s -> value.applyAsLong(s)).tag("mode", mode).baseUnit(baseUnit)
                .description("Two-phase communication (paper §3.2) per mode, as CommStats counts it").register(registry);
    }

    private static Duration[] micros(long... us) {
        Duration[] d = new Duration[us.length];
        for (int i = 0; i < us.length; i++) {
            d[i] = Duration.ofNanos(us[i] * 1_000);
        }
        return d;
    }
}
