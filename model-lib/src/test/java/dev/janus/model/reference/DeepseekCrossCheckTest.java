package dev.janus.model.reference;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
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
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeepSeek-V3 has no PyTorch fixture: generated tiny V3 models (noaux_tc sigmoid routing with
 * e_score_correction_bias, norm_topk_prob, routed_scaling_factor 2.5, one shared expert, a dense
 * first layer, q LoRA, yarn factor 40 with mscale = mscale_all_dim = 1 as V3's own config) must
 * equal {@link NaiveDeepseekReference} (expanded MLA, double precision) at every position: alone,
 * batched, prefill + decode through the latent cache, chunked prefill; both kernels. The same for
 * a generated V2 (group_limited_greedy, yarn mscale 0.707) and config variants each shown to move
 * the logits.
 */
class DeepseekCrossCheckTest {

    private static final double VISIBLE = 0.05;

    @TempDir
    static Path tmp;

    private static ComputePool pool;
    private static Path v3;
    private static Path v2;

    @BeforeAll
    static void setUp() throws IOException {
        pool = new ComputePool(2, "deepseek-check");
        v3 = tmp.resolve("v3");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.DEEPSEEK_V3, 3, v3), null);
        v2 = tmp.resolve("v2");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.DEEPSEEK_V2, 2, v2), null);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    private static List<int[]> prompts(long seed) {
        return CrossCheck.prompts(seed, 4096, 1, 7, 33);
    }

    @Test
    void deepseekV3() {
        CrossCheck.check("deepseek-v3 tiny", v3, prompts(31), pool);
    }

    @Test
    void deepseekV2() {
        CrossCheck.check("deepseek-v2 tiny", v2, prompts(32), pool);
    }

    /** 270 positions: past yarn's original 64 positions and the engine's initial RoPE / score tables. */
    @Test
    void deepseekV3LongPrompt() {
        CrossCheck.check("deepseek-v3 270 tokens", v3, CrossCheck.prompts(33, 4096, 270), pool);
    }

    @Test
    void v3RopeInterleaveFalseUsesRotateHalfOnTheStoredLayout() {
        variant("v3 rope_interleave false", v3, c -> c.put("rope_interleave", false));
    }

    @Test
    void v3WithoutNormTopkProb() {
        variant("v3 norm_topk_prob false", v3, c -> c.put("norm_topk_prob", false));
    }

    @Test
    void v3WithoutYarn() {
        variant("v3 rope_scaling null", v3, c -> c.putNull("rope_scaling"));
    }

    /** The correction bias decides choices (not weights): zeroing it must move the logits, and the engine follow. */
    @Test
    void v3WithZeroCorrectionBias() {
        List<SafetensorsWriter.Tensor> zeros = new ArrayList<>();
        for (int l = 1; l < 4; l++) {
            zeros.add(CheckpointVariants.randomVector("model.layers." + l + ".mlp.gate.e_score_correction_bias", 16, l, 0f));
        }
        Path dir = CheckpointVariants.rewriteWeights(v3, tmp.resolve("v3-zero-bias"), DType.BF16,
                t -> !t.endsWith("e_score_correction_bias"), 0, zeros, c -> { });
        check("v3 zero e_score_correction_bias", v3, dir);
    }

    @Test
    void v2Greedy() {
        variant("v2 greedy", v2, c -> c.put("topk_method", "greedy"));
    }

    private void variant(String name, Path base, Consumer<ObjectNode> edit) {
        check(name, base, CheckpointVariants.withConfig(base, tmp.resolve(name.replace(' ', '-')), edit));
    }

    private void check(String name, Path base, Path dir) {
        List<int[]> prompts = prompts(34);
        List<double[][]> before = CrossCheck.reference(base, prompts);
        List<double[][]> expected = CrossCheck.reference(dir, prompts);
        double moved = 0;
        for (int i = 0; i < prompts.size(); i++) {
            moved = Math.max(moved, LogitChecks.maxDifference(expected.get(i), before.get(i)));
        }
        assertThat(moved).as("%s: the edit changes the reference logits", name).isGreaterThan(VISIBLE);
        CrossCheck.engineMatches(name, dir, prompts, expected, pool);
    }
}
