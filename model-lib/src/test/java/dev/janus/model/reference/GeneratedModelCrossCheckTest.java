package dev.janus.model.reference;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.kernels.ComputePool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.GenerationResult;
import dev.janus.model.engine.GenerationSettings;
import dev.janus.model.engine.Generator;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.WeightStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Qwen2-MoE (shared expert with sigmoid gate, q/k/v biases, norm_topk_prob false) and Mixtral
 * models from {@link ModelGenerator}, for which no PyTorch fixture exists: the engine must equal
 * the naive reference at every position, alone, batched (ragged), through prefill + decode and
 * chunked prefill; sharded; past 256 positions; and through the Generator's greedy loop.
 */
class GeneratedModelCrossCheckTest {

    private static final int VOCAB = ModelPreset.TINY.dimensions(ModelFamily.MIXTRAL).vocabSize();

    @TempDir
    static Path tmp;

    private static ComputePool pool;

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(2, "reference-check");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static Path generate(ModelFamily family, long seed) throws IOException {
        Path dir = tmp.resolve(family.modelType() + "-" + seed);
        synchronized (GeneratedModelCrossCheckTest.class) {
            if (!Files.exists(dir.resolve("config.json"))) {
                ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, family, seed, dir), null);
            }
        }
        return dir;
    }

    @Test
    void qwen2MoeSeed1() throws IOException {
        CrossCheck.check("qwen2moe seed 1", generate(ModelFamily.QWEN2_MOE, 1),
                CrossCheck.prompts(11, VOCAB, 1, 7, 33), pool);
    }

    @Test
    void qwen2MoeSeed2() throws IOException {
        CrossCheck.check("qwen2moe seed 2", generate(ModelFamily.QWEN2_MOE, 2),
                CrossCheck.prompts(12, VOCAB, 1, 7, 33), pool);
    }

    @Test
    void mixtralSingleFileAndSharded() throws IOException {
        List<int[]> prompts = CrossCheck.prompts(13, VOCAB, 1, 7, 33);
        Path single = generate(ModelFamily.MIXTRAL, 1);
        List<double[][]> expected = CrossCheck.check("mixtral seed 1", single, prompts, pool);
        Path sharded = CheckpointVariants.rewriteWeights(single, tmp.resolve("mixtral-sharded"), DType.BF16,
                t -> true, 256 << 10, c -> { });
        assertThat(sharded.resolve("model.safetensors.index.json")).exists();
        CrossCheck.engineMatches("mixtral seed 1, 256 KiB shards", sharded, prompts, expected, pool);
    }

    /** 270 positions: past the engine's initial 256-entry RoPE table and attention score scratch. */
    @Test
    void mixtralLongPrompt() throws IOException {
        CrossCheck.check("mixtral 270 tokens", generate(ModelFamily.MIXTRAL, 1), CrossCheck.prompts(15, VOCAB, 270), pool);
    }

    /** The CLI path: Generator's chunked prefill (chunks of 5) then greedy decode = the reference's argmax chain. */
    @Test
    void generatorGreedyContinuationEqualsReference() throws IOException {
        Path dir = generate(ModelFamily.QWEN2_MOE, 1);
        List<int[]> prompts = CrossCheck.prompts(14, VOCAB, 7, 13);
        int steps = 8;
        List<int[]> expected = new ArrayList<>();
        try (WeightStore store = WeightStore.open(dir)) {
            NaiveReferenceForward reference = new NaiveReferenceForward(dir, store);
            for (int[] prompt : prompts) {
                int[] seq = Arrays.copyOf(prompt, prompt.length + steps);
                for (int s = 0; s < steps; s++) {
                    double[][] logits = reference.logits(Arrays.copyOf(seq, prompt.length + s));
                    seq[prompt.length + s] = LogitChecks.argmax(logits[logits.length - 1]);
                }
                expected.add(Arrays.copyOfRange(seq, prompt.length, seq.length));
            }
        }
        try (Model model = Model.load(dir)) {
            for (MatmulKernel kernel : CrossCheck.kernels(pool)) {
                Generator generator = new Generator(new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(64)), 5);
                for (int i = 0; i < prompts.size(); i++) {
                    GenerationResult result = generator.generate(prompts.get(i),
                            new GenerationSettings(steps, SamplingParams.GREEDY, 0, false, null), t -> { });
                    assertThat(result.tokens()).as("%s greedy, prompt %d", kernel.getClass().getSimpleName(), i)
                            .containsExactly(expected.get(i));
                }
            }
        }
    }
}
