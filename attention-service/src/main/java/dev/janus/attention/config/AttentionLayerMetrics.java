package dev.janus.attention.config;

import dev.janus.model.forward.LayerTimer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The attention side's per-layer time as janus_attention_layer_seconds{layer} (histogram, one
 * observation per layer step and micro-batch), next to the expert side's
 * janus_moe_expert_compute_seconds{layer}: the two halves of a layer for the latency model's
 * T_attn and T_moe (scaler, issue 12). janus_attention_layer_tokens (summary, one observation per
 * timed layer step) says how many tokens those steps had: the {@code profile} sweep divides its
 * sum by its count for the mean batch b of T_attn(b, ctx). Meters are registered up front and
 * looked up by index.
 */
final class AttentionLayerMetrics implements LayerTimer {

    /** The expert side's buckets (ExpertMetrics), so the two halves of a layer compare bucket by bucket. */
    private static final Duration[] BUCKETS = micros(20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000,
            20_000, 50_000, 100_000, 500_000, 1_000_000);

    private final Timer[] layers; // [layer]
    private final DistributionSummary tokens;

    AttentionLayerMetrics(MeterRegistry registry, int layerCount) {
        layers = new Timer[layerCount];
        for (int l = 0; l < layerCount; l++) {
            layers[l] = Timer.builder("janus.attention.layer").tag("layer", Integer.toString(l))
                    .description("Attention part of one decoder layer for one step (norms, attention over the KV cache, residual)")
                    .serviceLevelObjectives(BUCKETS).register(registry);
        }
        tokens = DistributionSummary.builder("janus.attention.layer.tokens")
                .description("Tokens in one timed attention layer step (janus_attention_layer_seconds)").register(registry);
    }

    private static Duration[] micros(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(values[i] * 1_000);
        }
        return out;
    }

    @Override
    public void attentionLayer(int layer, int tokens, long nanos) {
        layers[layer].record(nanos, TimeUnit.NANOSECONDS);
        this.tokens.record(tokens);
    }
}
