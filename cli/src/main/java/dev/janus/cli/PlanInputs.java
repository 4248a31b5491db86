package dev.janus.cli;

import dev.janus.comm.placement.policy.ActivationPredictor;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.SyntheticRouting;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code plan} plans from, read from its files and checked against each other: the model's
 * shape (L layers of E experts, top-k), the statistics (a snapshot if given, else counted from
 * the trace) and the routing replayed for the prediction (the trace if given, else batches
 * synthesised from the snapshot as placement-service does without a routing sample).
 *
 * @param topK    experts per token, 0 when neither the trace nor the model says
 * @param routing (layer, decision) batches to replay
 * @param source  where the statistics and routing came from, for the report
 */
record PlanInputs(int layers, int experts, int topK, ExpertLoad load, CoActivation coActivation,
                  List<RoutingTraceReader.Entry> routing, String source) {

    /** Synthetic replay: placement-service's defaults (batches per layer, tokens per batch: a decode step). */
    static final int SYNTHETIC_BATCHES = 32;
    static final int SYNTHETIC_TOKENS = 64;

    static PlanInputs read(Path tracePath, Path statsPath, Path modelDir, Integer layersOption) {
        if (tracePath == null && statsPath == null) {
            throw new IllegalArgumentException("plan needs --trace FILE and/or --stats FILE");
        }
        ModelConfig model = modelDir == null ? null
                : ConfigParser.read(existing(modelDir.resolve("config.json"), "--model"));
        RoutingTraceReader.Trace trace = tracePath == null ? null : RoutingTraceReader.read(existing(tracePath, "--trace"));
        ActivationSnapshot snapshot = statsPath == null ? null : snapshot(existing(statsPath, "--stats"));

        int experts = snapshot != null ? snapshot.experts() : trace.experts();
        agree("experts", experts, trace == null ? null : trace.experts(), "--trace");
        agree("experts", experts, model == null ? null : model.numExperts(), "--model");
        int traceLayers = trace == null ? 0 : trace.entries().stream().mapToInt(e -> e.layer() + 1).max().orElse(0);
        int layers = layersOption != null ? layersOption
                : model != null ? model.numLayers()
                : snapshot != null ? snapshot.layers() : traceLayers;
        if (layers <= 0) {
            throw new IllegalArgumentException("--trace " + tracePath + " has no routing; give --layers L or --model DIR");
        }
        agree("layers", layers, snapshot == null ? null : snapshot.layers(), "--stats");
        if (traceLayers > layers) {
            throw new IllegalArgumentException("--trace " + tracePath + " records layer " + (traceLayers - 1)
                    + ", but the model has " + layers + " layers");
        }
        int topK = trace != null ? trace.topK() : model != null ? model.numExpertsPerToken() : 0;
        agree("experts per token", topK, model == null ? null : model.numExpertsPerToken(), "--model");

        if (snapshot == null) {
            TraceStatistics counted = TraceStatistics.count(trace.entries(), layers, experts);
            return new PlanInputs(layers, experts, topK, counted.load(), counted.coActivation(), trace.entries(),
                    "trace " + tracePath);
        }
        ExpertLoad load = ExpertLoad.of(snapshot);
        CoActivation co = CoActivation.of(snapshot);
        if (trace != null) {
            return new PlanInputs(layers, experts, topK, load, co, trace.entries(),
                    "statistics " + statsPath + ", routing of trace " + tracePath);
        }
        int k = topK > 0 ? topK : inferredTopK(load, co);
        return new PlanInputs(layers, experts, topK, load, co,
                SyntheticRouting.batches(load, co, SYNTHETIC_BATCHES, SYNTHETIC_TOKENS, k, 0),
                "statistics " + statsPath + ", synthetic routing (" + SYNTHETIC_BATCHES + " batches of "
                        + SYNTHETIC_TOKENS + " tokens per layer, top-" + k + ")");
    }

    /** k of the busiest layer as the janus predictor infers it (pairs per count), within [1, E]. */
    private static int inferredTopK(ExpertLoad load, CoActivation co) {
        int busiest = 0;
        for (int l = 1; l < load.layers(); l++) {
            busiest = load.total(l) > load.total(busiest) ? l : busiest;
        }
        double k = new ActivationPredictor(load, co, SYNTHETIC_TOKENS, 0).topK(busiest);
        return (int) Math.max(1, Math.min(load.experts(), Math.round(k)));
    }

    private static ActivationSnapshot snapshot(Path file) {
        try {
            return ActivationSnapshot.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file " + file);
        }
        return file;
    }

    private static void agree(String what, int value, Integer other, String option) {
        if (other != null && other != value) {
            throw new IllegalArgumentException(option + " has " + other + " " + what + ", the other inputs " + value);
        }
    }
}
