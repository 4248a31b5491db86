package dev.janus.comm.scaling.profile;

import dev.janus.comm.scaling.ProfileFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cumulative per-layer counters of one scrape of the services, as the {@code profile} sweep
 * needs them; the difference of two scrapes ({@link #since}) covers exactly the steps between them.
 * Prometheus names (attention-service AttentionLayerMetrics, expert-service ExpertMetrics):
 * <pre>
 *   attention: janus_attention_layer_seconds_{sum,count}{layer}   time of each layer step
 *              janus_attention_layer_tokens_{sum,count}           tokens of each timed layer step
 *   experts:   janus_moe_expert_compute_seconds_{sum,count}{moe_instance,layer}   one batch's grouped FFNs
 *              janus_moe_expert_batch_rows_{sum,count}{moe_instance}              (token, expert) rows
 *              janus_moe_expert_activated_experts_{sum,count}{moe_instance}       distinct experts read
 * </pre>
 * The latency model is linear in its features, so means over a window fit it as well as single
 * steps would: a window's mean time is the model at the window's mean features (for attention
 * b·ctx is taken as mean b × mean ctx, exact while the batch is constant, as in a sweep window).
 *
 * @param attentionSeconds sum of the attention layer times, all layers and instances
 * @param attentionSteps   their count (layer steps)
 * @param attentionTokens  tokens over those layer steps
 * @param experts          per MoE instance id
 */
public record LayerCounters(double attentionSeconds, double attentionSteps, double attentionTokens,
                            Map<String, Expert> experts) {

    /**
     * One MoE instance's totals.
     *
     * @param computeSeconds  expert compute time over all layers
     * @param batches         the batches (layer steps) it computed
     * @param rows            (token, expert) rows over those batches
     * @param activated       distinct activated experts summed over those batches
     */
    public record Expert(double computeSeconds, double batches, double rows, double activated) {

        Expert minus(Expert o) {
            return new Expert(computeSeconds - o.computeSeconds, batches - o.batches, rows - o.rows,
                    activated - o.activated);
        }
    }

    /** Sums one attention instance's and any number of expert-services' scrapes. */
    public static LayerCounters of(List<PrometheusText.Sample> attention, List<List<PrometheusText.Sample>> experts) {
        double seconds = 0, steps = 0, tokens = 0;
        boolean timed = false;
        for (PrometheusText.Sample s : attention) {
            switch (s.name()) {
                case "janus_attention_layer_seconds_sum" -> { seconds += s.value(); timed = true; }
                case "janus_attention_layer_seconds_count" -> steps += s.value();
                case "janus_attention_layer_tokens_sum" -> tokens += s.value();
                default -> { }
            }
        }
        if (!timed) {
            throw new IllegalArgumentException("the attention scrape has no janus_attention_layer_seconds: is it attention-service?");
        }
        Map<String, double[]> perInstance = new TreeMap<>(); // [seconds, batches, rows, activated]
        for (List<PrometheusText.Sample> scrape : experts) {
            for (PrometheusText.Sample s : scrape) {
                int slot = switch (s.name()) {
                    case "janus_moe_expert_compute_seconds_sum" -> 0;
                    case "janus_moe_expert_compute_seconds_count" -> 1;
                    case "janus_moe_expert_batch_rows_sum" -> 2;
                    case "janus_moe_expert_activated_experts_sum" -> 3;
                    default -> -1;
                };
                if (slot >= 0) {
                    perInstance.computeIfAbsent(s.labels().getOrDefault("moe_instance", "?"), k -> new double[4])[slot] += s.value();
                }
            }
        }
        if (perInstance.size() < experts.size()) {
            throw new IllegalArgumentException("expected janus_moe_expert_* counters from " + experts.size()
                    + " expert-services, found them for " + perInstance.keySet());
        }
        Map<String, Expert> out = new TreeMap<>();
        perInstance.forEach((id, v) -> out.put(id, new Expert(v[0], v[1], v[2], v[3])));
        return new LayerCounters(seconds, steps, tokens, out);
    }

    /**
     * Of several windows of the same work, per part the median by time per step: the attention
     * totals of the window with the median attention time per layer step, each MoE instance's of
     * the window with its median compute time per batch. Windows where a part took no positive
     * time over positive steps are left out for that part (a delayed step in the shorter batch of a
     * difference makes it negative); none left keeps the first window's, which the sweep then skips.
     * A median, not a minimum, because a window can also be short by doing less (fewer steps).
     */
    public static LayerCounters median(List<LayerCounters> windows) {
        List<LayerCounters> timed = windows.stream().filter(w -> w.attentionSteps > 0 && w.attentionSeconds > 0)
                .sorted(java.util.Comparator.comparingDouble(w -> w.attentionSeconds / w.attentionSteps)).toList();
        LayerCounters attention = timed.isEmpty() ? windows.getFirst() : timed.get((timed.size() - 1) / 2);
        Map<String, Expert> experts = new TreeMap<>();
        for (String id : windows.getFirst().experts.keySet()) {
            List<Expert> e = windows.stream().map(w -> w.experts.get(id)).filter(x -> x != null && x.batches() > 0
                    && x.computeSeconds() > 0).sorted(java.util.Comparator.comparingDouble(x -> x.computeSeconds() / x.batches()))
                    .toList();
            experts.put(id, e.isEmpty() ? windows.getFirst().experts.get(id) : e.get((e.size() - 1) / 2));
        }
        return new LayerCounters(attention.attentionSeconds, attention.attentionSteps, attention.attentionTokens, experts);
    }

    /** What happened between {@code earlier} and this scrape. */
    public LayerCounters since(LayerCounters earlier) {
        Map<String, Expert> diff = new TreeMap<>();
        experts.forEach((id, e) -> diff.put(id, e.minus(earlier.experts.getOrDefault(id, new Expert(0, 0, 0, 0)))));
        return new LayerCounters(attentionSeconds - earlier.attentionSeconds, attentionSteps - earlier.attentionSteps,
                attentionTokens - earlier.attentionTokens, diff);
    }

    /** The window's attention sample: mean tokens per layer step at mean context {@code context}; null without (positive) steps. */
    public ProfileFit.AttentionSample attentionSample(double context) {
        if (attentionSteps <= 0 || attentionSeconds <= 0) {
            return null;
        }
        return new ProfileFit.AttentionSample(attentionTokens / attentionSteps, context,
                attentionSeconds / attentionSteps * 1e9);
    }

    /** One sample per MoE instance that computed batches in the window: mean activated experts, rows and time per batch. */
    public List<ProfileFit.MoeSample> moeSamples() {
        List<ProfileFit.MoeSample> out = new ArrayList<>();
        for (Expert e : experts.values()) {
            if (e.batches() > 0 && e.computeSeconds() > 0) {
                out.add(new ProfileFit.MoeSample(e.activated() / e.batches(), e.rows() / e.batches(),
                        e.computeSeconds() / e.batches() * 1e9));
            }
        }
        return out;
    }
}
