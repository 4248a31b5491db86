package dev.janus.benchmarks.aebs;

import dev.janus.comm.stats.RoutingTraceWriter;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.GenerationSettings;
import dev.janus.model.engine.Generator;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records the routing of our engine on a generated model (make-model) into a
 * {@link RoutingTraceWriter} file, for {@link AebsQualityReport}'s "recorded" workload: a fixed
 * prompt set, each continued by sampling (temperature 1, seeded; greedy decoding of random
 * weights repeats itself and would make the routing degenerate).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.janus.benchmarks.aebs.RoutingTraceRecorder [family preset modelDir trace newTokens]}
 * (default mixtral small /tmp/janus-models/mixtral-small
 * benchmarks/results/routing-mixtral-small.trace 48). The model is generated (seed 0) when the
 * directory has none.
 */
public final class RoutingTraceRecorder {

    static final List<String> PROMPTS = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Explain how a mixture-of-experts layer routes each token to its experts.",
            "def fibonacci(n):\n    if n < 2:\n        return n\n",
            "Once upon a time, in a city of glass towers, there lived a cartographer who",
            "SELECT name, count(*) FROM orders GROUP BY name ORDER BY 2 DESC;",
            "Die Katze sitzt auf der Matte und schaut aus dem Fenster.",
            "1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144,",
            "Write a haiku about load balancing across many machines.");

    private RoutingTraceRecorder() {
    }

    public static void main(String[] args) throws IOException {
        ModelFamily family = ModelGenerator.parseFamily(args.length > 0 ? args[0] : "mixtral");
        ModelPreset preset = ModelPreset.parse(args.length > 1 ? args[1] : "small");
        Path dir = Path.of(args.length > 2 ? args[2] : "/tmp/janus-models/" + family.modelType() + "-" + preset.name().toLowerCase());
        Path trace = Path.of(args.length > 3 ? args[3] : "benchmarks/results/routing-mixtral-small.trace");
        int newTokens = args.length > 4 ? Integer.parseInt(args[4]) : 48;
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            ModelGenerator.generate(MakeModelRequest.of(preset, family, 0, dir), System.out);
        }
        if (trace.getParent() != null) {
            Files.createDirectories(trace.getParent());
        }
        long tokens = 0;
        int layers;
        try (Model model = Model.load(dir);
             ComputeBackend backend = ComputeBackend.create("vector", 0);
             RoutingTraceWriter writer = new RoutingTraceWriter(trace, model.config().numExperts(),
                     model.config().numExpertsPerToken())) {
            layers = model.config().numLayers();
            Tokenizer tokenizer = Tokenizer.load(dir);
            long seed = 1;
            for (String prompt : PROMPTS) {
                int[] ids = tokenizer.encode(prompt, true);
                // a fresh engine per prompt: one sequence, KV cache for exactly this prompt
                InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(),
                        EngineOptions.forTokens(ids.length + newTokens).withRoutingObserver(writer));
                var result = new Generator(engine, 256).generate(ids, new GenerationSettings(newTokens,
                        SamplingParams.ofTemperature(1f, seed++), 0, false, null), t -> { });
                tokens += ids.length + result.tokens().length - 1L;
            }
        }
        System.out.printf("recorded %d tokens x %d layers of routing from %s into %s (%d bytes)%n",
                tokens, layers, dir, trace, Files.size(trace));
    }
}
