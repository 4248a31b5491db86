package dev.janus.benchmarks.e2e;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.ActivationStatistics;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Recorded routing of a model's MoE layers, per layer the logical experts of every recorded
 * token in order ({@code [layer][token * topK + slot]}): what attention-service's recent routing
 * holds. Recorded from an engine (as its routing observer) or loaded from a routing trace. It
 * gives the statistics a placement is planned from (through comm-lib's
 * {@link ActivationStatistics}, as placement-service gets them), batches to replay through the
 * scheduler, and routing to substitute for the router's in a timed run ({@link #fill}).
 */
final class RoutingWindow implements MoeLayer.RoutingObserver {

    private final int experts;
    private final int topK;
    private final int[][] ids;     // [layer][token * topK + slot]
    private final int[] filled;    // [layer] ids recorded
    private final int[] cursor;    // [layer] next token handed out by fill

    RoutingWindow(int layers, int experts, int topK) {
        this.experts = experts;
        this.topK = topK;
        this.ids = new int[layers][0];
        this.filled = new int[layers];
        this.cursor = new int[layers];
    }

    /**
     * A trace's routing, split in two halves per layer (the first to plan from, the second to
     * time). The i-th MoE layer of the model takes the i-th recorded layer of the trace (cyclically
     * when the trace has fewer), so a trace of another model with the same E and top-k also fits.
     */
    static RoutingWindow[] fromTrace(RoutingTraceReader.Trace trace, int layers, int[] moeLayers) {
        int[] recorded = trace.entries().stream().mapToInt(RoutingTraceReader.Entry::layer).distinct().sorted().toArray();
        RoutingWindow all = new RoutingWindow(layers, trace.experts(), trace.topK());
        for (int i = 0; i < moeLayers.length; i++) {
            int source = recorded[i % recorded.length];
            for (RoutingTraceReader.Entry e : trace.entries()) {
                if (e.layer() == source) {
                    all.onRouting(moeLayers[i], e.routing());
                }
            }
        }
        RoutingWindow first = new RoutingWindow(layers, trace.experts(), trace.topK());
        RoutingWindow second = new RoutingWindow(layers, trace.experts(), trace.topK());
        for (int l = 0; l < layers; l++) {
            int half = all.filled[l] / all.topK / 2 * all.topK;
            first.append(l, Arrays.copyOfRange(all.ids[l], 0, half));
            second.append(l, Arrays.copyOfRange(all.ids[l], half, all.filled[l]));
        }
        return new RoutingWindow[] {first, second};
    }

    /**
     * The engine's own routing on the Zipf workload: {@code steps} decode steps at batch 32 on the
     * monolithic engine (decode steps only, as in {@link MeasuredPlacement}).
     */
    static RoutingWindow record(Model model, ComputePool pool, ZipfTokens tokens, int steps) {
        var config = model.config();
        RoutingWindow window = new RoutingWindow(config.numLayers(), config.numExperts(), config.numExpertsPerToken());
        boolean[] recording = {false};
        InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(pool), pool,
                EngineOptions.forTokens(32 * (DecodeRun.PROMPT + steps + 16)).withRoutingObserver((layer, routing) -> {
                    if (recording[0]) {
                        window.onRouting(layer, routing);
                    }
                }));
        try (DecodeRun run = new DecodeRun(engine, tokens, new SplittableRandom(-1), 32)) {
            recording[0] = true;
            for (int s = 0; s < steps; s++) {
                run.step();
            }
        }
        return window;
    }

    @Override
    public void onRouting(int layer, RoutingDecision routing) {
        int[] row = new int[routing.tokens() * topK];
        for (int i = 0; i < row.length; i++) {
            row[i] = routing.expertOfRow(i);
        }
        append(layer, row);
    }

    private void append(int layer, int[] row) {
        if (filled[layer] + row.length > ids[layer].length) {
            ids[layer] = Arrays.copyOf(ids[layer], Math.max(2 * ids[layer].length, filled[layer] + row.length));
        }
        System.arraycopy(row, 0, ids[layer], filled[layer], row.length);
        filled[layer] += row.length;
    }

    /** Recorded tokens of the MoE layer with the fewest. */
    int minTokens() {
        return Arrays.stream(filled).filter(f -> f > 0).min().orElse(0) / topK;
    }

    /** The window's statistics: every recorded token, counted by comm-lib's ActivationStatistics. */
    ActivationSnapshot statistics() {
        ActivationStatistics stats = new ActivationStatistics(ids.length, experts, Duration.ofDays(1), 1);
        RoutingDecision all = new RoutingDecision();
        for (int l = 0; l < ids.length; l++) {
            if (filled[l] > 0) {
                copy(l, 0, filled[l] / topK, all);
                stats.onRouting(l, all);
            }
        }
        return stats.snapshot();
    }

    /** Per layer, consecutive batches of {@code tokens} recorded tokens (a remainder is dropped), layer by layer. */
    List<RoutingTraceReader.Entry> batches(int tokens) {
        List<RoutingTraceReader.Entry> out = new ArrayList<>();
        for (int l = 0; l < ids.length; l++) {
            for (int start = 0; start + tokens * topK <= filled[l]; start += tokens * topK) {
                RoutingDecision r = new RoutingDecision();
                copy(l, start, tokens, r);
                out.add(new RoutingTraceReader.Entry(l, r));
            }
        }
        return out;
    }

    /**
     * Replaces {@code routing}'s experts by the layer's next recorded tokens (cyclically), with
     * equal weights: the timed run then dispatches the recorded routing instead of the router's.
     */
    void fill(int layer, RoutingDecision routing) {
        int tokens = routing.tokens();
        int recorded = filled[layer] / topK;
        if (recorded == 0) {
            throw new IllegalStateException("no recorded routing for MoE layer " + layer);
        }
        routing.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            int token = cursor[layer];
            cursor[layer] = (token + 1) % recorded;
            for (int s = 0; s < topK; s++) {
                routing.set(t, s, ids[layer][token * topK + s], 1f / topK);
            }
        }
    }

    private void copy(int layer, int start, int tokens, RoutingDecision r) {
        r.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            for (int s = 0; s < topK; s++) {
                r.set(t, s, ids[layer][start + t * topK + s], 1f / topK);
            }
        }
    }
}
