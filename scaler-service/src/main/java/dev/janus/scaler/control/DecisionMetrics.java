package dev.janus.scaler.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The scaler's decisions as meters (the Grafana dashboard's "Scaler decisions"):
 * {@code janus_scaler_decisions_total{trigger, outcome}} and the instance counts the planner last
 * wanted, {@code janus_scaler_wanted_instances{pool}} (-1 until a decision names one).
 */
public final class DecisionMetrics implements Consumer<Decision> {

    private final MeterRegistry registry;
    private final AtomicInteger wantedAttention = new AtomicInteger(-1);
    private final AtomicInteger wantedMoe = new AtomicInteger(-1);

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("janus.scaler.wanted.instances", wantedAttention, AtomicInteger::get).tag("pool", "attention")
                .description("Attention instances the planner last wanted").register(registry);
        Gauge.builder("janus.scaler.wanted.instances", wantedMoe, AtomicInteger::get).tag("pool", "moe")
                .description("MoE instances the planner last wanted").register(registry);
    }

    @Override
    public void accept(Decision d) {
        Counter.builder("janus.scaler.decisions").tag("trigger", d.trigger()).tag("outcome", outcome(d))
                .description("Scaling decisions recorded (GET /admin/scaler/status lists the latest)")
                .register(registry).increment();
        if (d.wanted() != null) {
            wantedAttention.set(d.wanted().attention());
            wantedMoe.set(d.wanted().moe());
        }
    }

    /** scaled, dry_run, failed (Scaler records a failed actuation as "failed: ..."), no_signals or held. */
    static String outcome(Decision d) {
        if (d.to() != null) {
            return "scaled";
        }
        if (d.dryRun()) {
            return "dry_run";
        }
        if (d.reason().startsWith("failed")) {
            return "failed";
        }
        return d.wanted() == null ? "no_signals" : "held";
    }
}
