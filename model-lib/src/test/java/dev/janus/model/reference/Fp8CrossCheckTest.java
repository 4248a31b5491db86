package dev.janus.model.reference;

import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.model.Model;
import dev.janus.model.tensor.Fp8BlockTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FP8 block-quantized checkpoints read natively equal the reference that first dequantizes every
 * weight to float32 ({@code q * weight_scale_inv} per block, HF's CPU convention) and then runs
 * the existing forward: logits within 1e-4 relative (max |fp8 - dequantized| over a position's
 * logits, over the largest |logit|), with both kernels, prompts alone and in chunked prefill.
 * Covered: the golden fixture (Qwen3-MoE, GQA, dense + sparse layers, blocks [16, 32]) and a
 * generated DeepSeek-V3 (MLA with q LoRA, shared experts, noaux_tc routing) in blocks of [24, 40],
 * which do not divide its heads: the per-head views of kv_b_proj start inside blocks.
 */
class Fp8CrossCheckTest {

    @TempDir
    static Path tmp;

    private static ComputePool pool;

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(2, "fp8-check");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void fixtureEqualsItsDequantizedCopy() {
        Path fp8 = Fixtures.dir("tiny-qwen3moe-fp8");
        matchesDequantized("tiny-qwen3moe-fp8", fp8, CheckpointVariants.dequantized(fp8, tmp.resolve("fixture-f32")),
                CrossCheck.prompts(41, 576, 1, 9, 40));
    }

    @Test
    void generatedDeepseekV3WithUnalignedBlocks() throws IOException {
        Path fp8 = tmp.resolve("v3-fp8");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.DEEPSEEK_V3, 3, fp8)
                .withQuantization(new Fp8Quantization(24, 40)), null);
        try (Model m = Model.load(fp8)) {
            var mla = m.weights().layers()[0].mla();
            assertThat(mla.kvB()).isInstanceOf(Fp8BlockTensor.class);
            assertThat(mla.uV()[1]).isInstanceOf(Fp8BlockTensor.class);
            assertThat(mla.uKT()[1]).isInstanceOf(Fp8BlockTensor.class);
            assertThat(m.weights().lmHead()).isNotInstanceOf(Fp8BlockTensor.class);
        }
        List<int[]> prompts = CrossCheck.prompts(42, 4096, 1, 7, 33);
        // the naive reference reads every weight through get(), i.e. dequantized
        CrossCheck.check("deepseek-v3 tiny fp8", fp8, prompts, pool);
        matchesDequantized("deepseek-v3 tiny fp8", fp8, CheckpointVariants.dequantized(fp8, tmp.resolve("v3-f32")), prompts);
    }

    private static void matchesDequantized(String what, Path fp8Dir, Path f32Dir, List<int[]> prompts) {
        CrossCheck.matchesDequantized(what, fp8Dir, f32Dir, prompts, pool);
    }
}
