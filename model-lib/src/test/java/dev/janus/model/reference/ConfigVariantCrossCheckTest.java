package dev.janus.model.reference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.SafetensorsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config features no fixture covers, made by editing a copy of config.json (and the weights, for
 * tied embeddings): rope_scaling linear / llama3 / yarn, sliding windows (Mixtral: every layer;
 * Qwen: from max_window_layers on), tie_word_embeddings, OLMoE clip_qkv, attention_bias on
 * Qwen3-MoE / OLMoE (random biases added to the fixture). Each variant must move
 * the reference's logits visibly away from the unedited model (so the check can fail when the
 * engine ignores the field) and the engine must equal the reference on it.
 */
class ConfigVariantCrossCheckTest {

    /** A config change smaller than this somewhere in the logits would not prove the field is honoured. */
    private static final double VISIBLE = 0.05;

    @TempDir
    static Path tmp;

    private static ComputePool pool;
    private static Path qwen2;
    private static Path mixtral;
    private static final Map<String, List<double[][]>> baseline = new HashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        pool = new ComputePool(2, "reference-variants");
        qwen2 = tmp.resolve("qwen2moe");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.QWEN2_MOE, 1, qwen2), null);
        mixtral = tmp.resolve("mixtral");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.MIXTRAL, 1, mixtral), null);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void ropeLinear() {
        variant("qwen2moe rope linear x2", qwen2, c -> c.set("rope_scaling", rope("linear").put("factor", 2.0)), 7, 33);
    }

    @Test
    void ropeLlama3WithAllThreeFrequencyBands() {
        // theta 10^4, head_dim 8: wavelengths 6.3 (kept), 63 (smoothed: between 64/4 and 64/1), 628 and 6283 (/ 8)
        Path base = CheckpointVariants.withConfig(qwen2, tmp.resolve("qwen2-theta"), c -> c.put("rope_theta", 10000.0));
        variant("qwen2moe rope llama3", base, c -> c.set("rope_scaling", rope("llama3").put("factor", 8.0)
                .put("low_freq_factor", 1.0).put("high_freq_factor", 4.0)
                .put("original_max_position_embeddings", 64)), 7, 33);
    }

    @Test
    void ropeYarnOnQwen2Moe() {
        // max_position_embeddings = factor x original, so every transformers version agrees on the factor
        variant("qwen2moe rope yarn", qwen2, c -> c.put("max_position_embeddings", 128).set("rope_scaling",
                rope("yarn").put("factor", 4.0).put("original_max_position_embeddings", 32)), 7, 33);
    }

    @Test
    void ropeYarnOnOlmoeWithAFractionalRamp() {
        // head_dim 16, theta 10^4: correction range [0, 2], so frequency 1 is half interpolated
        variant("olmoe rope yarn", Fixtures.dir("tiny-olmoe"), c -> c.put("max_position_embeddings", 128)
                .set("rope_scaling", rope("yarn").put("factor", 4.0).put("original_max_position_embeddings", 32)), 7, 33);
    }

    @Test
    void mixtralSlidingWindowOnEveryLayer() {
        variant("mixtral sliding_window 5", mixtral, c -> c.put("sliding_window", 5), 7, 20);
    }

    @Test
    void qwen2MoeSlidingWindowFromMaxWindowLayers() {
        variant("qwen2moe sliding_window 4 from layer 1", qwen2, c -> c.put("use_sliding_window", true)
                .put("sliding_window", 4).put("max_window_layers", 1), 7, 20);
    }

    @Test
    void qwen3MoeSlidingWindowWithDenseLayerAndPerHeadNorms() {
        variant("qwen3moe sliding_window 3 from layer 2", Fixtures.dir("tiny-qwen3moe"), c -> c
                .put("use_sliding_window", true).put("sliding_window", 3).put("max_window_layers", 2), 7, 20);
    }

    @Test
    void olmoeClipQkv() {
        variant("olmoe clip_qkv 0.5", Fixtures.dir("tiny-olmoe"), c -> c.put("clip_qkv", 0.5), 7, 20);
    }

    @Test
    void tiedEmbeddingsWithoutLmHead() {
        String name = "qwen2moe tied lm_head";
        Path dir = CheckpointVariants.rewriteWeights(qwen2, tmp.resolve("qwen2-tied"), DType.BF16,
                tensor -> !tensor.equals("lm_head.weight"), 0, c -> c.put("tie_word_embeddings", true));
        check(name, qwen2, dir, 7, 33);
    }

    @Test
    void qwen3MoeAttentionBias() {
        attentionBias("tiny-qwen3moe");
    }

    @Test
    void olmoeAttentionBias() {
        attentionBias("tiny-olmoe");
    }

    /** attention_bias true with random q/k/v/o biases added to a fixture (HF: bias on all four projections). */
    private void attentionBias(String fixture) {
        Path base = Fixtures.dir(fixture);
        ReferenceConfig c = ReferenceConfig.read(base.resolve("config.json"));
        List<SafetensorsWriter.Tensor> biases = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".self_attn.";
            biases.add(CheckpointVariants.randomVector(p + "q_proj.bias", c.heads() * c.headDim(), l, 0.5f));
            biases.add(CheckpointVariants.randomVector(p + "k_proj.bias", c.kvHeads() * c.headDim(), l, 0.5f));
            biases.add(CheckpointVariants.randomVector(p + "v_proj.bias", c.kvHeads() * c.headDim(), l, 0.5f));
            biases.add(CheckpointVariants.randomVector(p + "o_proj.bias", c.hidden(), l, 0.5f));
        }
        Path dir = CheckpointVariants.rewriteWeights(base, tmp.resolve(fixture + "-bias"), DType.BF16, t -> true, 0,
                biases, json -> json.put("attention_bias", true));
        check(fixture + " attention_bias", base, dir, 7, 20);
    }

    private void variant(String name, Path base, Consumer<ObjectNode> edit, int... lengths) {
        Path dir = CheckpointVariants.withConfig(base, tmp.resolve(name.replace(' ', '-')), edit);
        check(name, base, dir, lengths);
    }

    private void check(String name, Path base, Path dir, int... lengths) {
        int vocab = ReferenceConfig.read(dir.resolve("config.json")).vocab();
        List<int[]> prompts = CrossCheck.prompts(21, vocab, lengths);
        List<double[][]> before = baseline.computeIfAbsent(base + java.util.Arrays.toString(lengths),
                k -> CrossCheck.reference(base, prompts));
        List<double[][]> expected = CrossCheck.reference(dir, prompts);
        double moved = 0;
        for (int i = 0; i < prompts.size(); i++) {
            moved = Math.max(moved, LogitChecks.maxDifference(expected.get(i), before.get(i)));
        }
        assertThat(moved).as("%s: the edit changes the reference logits", name).isGreaterThan(VISIBLE);
        CrossCheck.engineMatches(name, dir, prompts, expected, pool);
    }

    private static ObjectNode rope(String type) {
        return CheckpointVariants.json().put("rope_type", type);
    }
}
