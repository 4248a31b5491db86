package dev.janus.model.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.model.Model;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Int8ChannelTensor;
import dev.janus.model.weights.WeightStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int8 per-channel (compressed-tensors W8A16) checkpoints read natively equal the reference that
 * first dequantizes every weight to float32 ({@code q * weight_scale} per row, rounded to the
 * bf16 scale's dtype as compressed-tensors computes it) and then runs the existing forward:
 * logits within 1e-4 relative, both kernels, alone and in chunked prefill. Covered: a generated
 * Mixtral and a generated DeepSeek-V3 (MLA: kv_b_proj's per-head views and transposed keys).
 */
class Int8CrossCheckTest {

    @TempDir
    static Path tmp;

    private static ComputePool pool;

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(2, "int8-check");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void generatedMixtral() throws IOException {
        Path int8 = generate(ModelFamily.MIXTRAL, "mixtral-int8");
        try (Model m = Model.load(int8); WeightStore store = WeightStore.open(int8)) {
            assertThat(m.config().quantization()).isEqualTo(Int8ChannelQuantization.W8A16);
            assertThat(m.weights().layers()[0].attention().q()).isInstanceOf(Int8ChannelTensor.class);
            assertThat(m.weights().layers()[1].moe().experts()[3].down()).isInstanceOf(Int8ChannelTensor.class);
            assertThat(m.weights().lmHead()).isNotInstanceOf(Int8ChannelTensor.class);
            assertThat(store.info("model.layers.0.self_attn.q_proj.weight").dtype()).isEqualTo(DType.I8);
            assertThat(store.info("model.layers.0.self_attn.q_proj.weight_scale").dtype()).isEqualTo(DType.BF16);
        }
        List<int[]> prompts = CrossCheck.prompts(43, 4096, 1, 8, 35);
        CrossCheck.check("mixtral tiny int8", int8, prompts, pool); // the naive reference reads weights through get()
        CrossCheck.matchesDequantized("mixtral tiny int8", int8, CheckpointVariants.dequantized(int8, tmp.resolve("mixtral-f32")),
                prompts, pool);
    }

    @Test
    void generatedDeepseekV3() throws IOException {
        Path int8 = generate(ModelFamily.DEEPSEEK_V3, "v3-int8");
        try (Model m = Model.load(int8)) {
            var mla = m.weights().layers()[0].mla();
            assertThat(mla.kvB()).isInstanceOf(Int8ChannelTensor.class);
            assertThat(mla.uV()[1]).isInstanceOf(Int8ChannelTensor.class);
            assertThat(mla.uKT()[1].dtype()).isEqualTo(DType.F32); // per-row scales cannot follow a transpose
        }
        List<int[]> prompts = CrossCheck.prompts(44, 4096, 1, 7, 33);
        CrossCheck.check("deepseek-v3 tiny int8", int8, prompts, pool);
        CrossCheck.matchesDequantized("deepseek-v3 tiny int8", int8, CheckpointVariants.dequantized(int8, tmp.resolve("v3-f32")),
                prompts, pool);
    }

    @Test
    void generatedQwen2MoePackQuantized() throws IOException {
        Path int8 = tmp.resolve("qwen2-packed");
        Int8ChannelQuantization packed = new Int8ChannelQuantization(Int8ChannelQuantization.W8A16.ignore(), true);
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.QWEN2_MOE, 4, int8).withQuantization(packed), null);
        try (Model m = Model.load(int8); WeightStore store = WeightStore.open(int8)) {
            assertThat(m.config().quantization()).isEqualTo(packed);
            assertThat(store.info("model.layers.0.mlp.shared_expert.up_proj.weight_packed").dtype()).isEqualTo(DType.I32);
            assertThat(m.weights().layers()[0].moe().experts()[1].gate()).isInstanceOfSatisfying(Int8ChannelTensor.class,
                    t -> assertThat(t.offsetCodes()).isTrue());
        }
        List<int[]> prompts = CrossCheck.prompts(45, 4096, 1, 6, 30);
        CrossCheck.check("qwen2-moe tiny int8 packed", int8, prompts, pool);
        CrossCheck.matchesDequantized("qwen2-moe tiny int8 packed", int8,
                CheckpointVariants.dequantized(int8, tmp.resolve("qwen2-packed-f32")), prompts, pool);
    }

    @Test
    void configRoundTripsThroughConfigJson() throws IOException {
        Path int8 = tmp.resolve("roundtrip");
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.QWEN2_MOE, 5, int8)
                .withQuantization(Int8ChannelQuantization.W8A16), null);
        assertThat(ConfigParser.read(int8.resolve("config.json")).quantization()).isEqualTo(Int8ChannelQuantization.W8A16);
    }

    private static Path generate(ModelFamily family, String name) throws IOException {
        Path dir = tmp.resolve(name);
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, family, 3, dir)
                .withQuantization(Int8ChannelQuantization.W8A16), null);
        return dir;
    }
}
