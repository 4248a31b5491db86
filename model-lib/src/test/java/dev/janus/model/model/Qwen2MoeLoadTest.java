package dev.janus.model.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.weights.SafetensorsBytes;
import dev.janus.model.weights.WeightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Qwen2-MoE has no fixture: a hand-written one-layer checkpoint with HF Qwen2MoeForCausalLM
 * tensor names checks the shared expert, its gate and the q/k/v biases are bound.
 */
class Qwen2MoeLoadTest {

    private static final int H = 8;
    private static final int VOCAB = 16;
    private static final int EXPERTS = 4;
    private static final int MOE = 4;
    private static final int SHARED = 6;

    @TempDir
    Path dir;

    private static final String CONFIG = """
            {"architectures": ["Qwen2MoeForCausalLM"], "model_type": "qwen2_moe",
             "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,
             "vocab_size": 16, "intermediate_size": 12, "moe_intermediate_size": 4,
             "shared_expert_intermediate_size": 6, "num_experts": 4, "num_experts_per_tok": 2,
             "norm_topk_prob": false, "decoder_sparse_step": 1, "rms_norm_eps": 1e-6,
             "rope_theta": 1000000.0, "tie_word_embeddings": false, "use_sliding_window": false}""";

    private static SafetensorsBytes.Entry t(String name, int... shape) {
        long[] s = new long[shape.length];
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
            n *= shape[i];
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i % 7) * 0.125f - 0.25f;
        }
        return new SafetensorsBytes.Entry(name, "BF16", s, SafetensorsBytes.bf16(values));
    }

    private static List<SafetensorsBytes.Entry> checkpoint() {
        int qd = 2 * 4;
        int kvd = 4;
        String a = "model.layers.0.self_attn.";
        String m = "model.layers.0.mlp.";
        List<SafetensorsBytes.Entry> out = new ArrayList<>(List.of(
                t("model.embed_tokens.weight", VOCAB, H), t("lm_head.weight", VOCAB, H), t("model.norm.weight", H),
                t("model.layers.0.input_layernorm.weight", H), t("model.layers.0.post_attention_layernorm.weight", H),
                t(a + "q_proj.weight", qd, H), t(a + "q_proj.bias", qd),
                t(a + "k_proj.weight", kvd, H), t(a + "k_proj.bias", kvd),
                t(a + "v_proj.weight", kvd, H), t(a + "v_proj.bias", kvd),
                t(a + "o_proj.weight", H, qd),
                t(m + "gate.weight", EXPERTS, H),
                t(m + "shared_expert.gate_proj.weight", SHARED, H), t(m + "shared_expert.up_proj.weight", SHARED, H),
                t(m + "shared_expert.down_proj.weight", H, SHARED), t(m + "shared_expert_gate.weight", 1, H)));
        for (int e = 0; e < EXPERTS; e++) {
            String p = m + "experts." + e + ".";
            out.addAll(List.of(t(p + "gate_proj.weight", MOE, H), t(p + "up_proj.weight", MOE, H),
                    t(p + "down_proj.weight", H, MOE)));
        }
        return out;
    }

    private void write(Predicate<String> keep) throws IOException {
        Files.writeString(dir.resolve("config.json"), CONFIG);
        SafetensorsBytes.write(dir.resolve("model.safetensors"),
                checkpoint().stream().filter(e -> keep.test(e.name())).toList());
    }

    @Test
    void bindsSharedExpertGateAndQkvBiases() throws IOException {
        write(name -> true);
        try (Model model = Model.load(dir)) {
            LayerWeights l = model.weights().layers()[0];
            MoeWeights moe = l.moe();
            assertThat(moe.experts()).hasSize(EXPERTS).doesNotContainNull();
            assertThat(moe.shared().intermediateSize()).isEqualTo(SHARED);
            assertThat(moe.shared().down().name()).isEqualTo("model.layers.0.mlp.shared_expert.down_proj.weight");
            assertThat(moe.sharedGate().rows()).isEqualTo(1);
            assertThat(moe.sharedGate().cols()).isEqualTo(H);
            AttentionWeights a = l.attention();
            assertThat(a.qBias()).hasSize(8);
            assertThat(a.kBias()).hasSize(4);
            assertThat(a.vBias()).hasSize(4);
            // bf16 of (i % 7) * 0.125 - 0.25 is exact
            assertThat(a.qBias()).startsWith(-0.25f, -0.125f, 0f);
            assertThat(a.oBias()).isNull();
            assertThat(a.qNorm()).isNull();
        }
    }

    @Test
    void missingQkvBiasIsNamed() throws IOException {
        write(name -> !name.equals("model.layers.0.self_attn.k_proj.bias"));
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model.layers.0.self_attn.k_proj.bias");
    }

    @Test
    void missingSharedExpertGateIsNamed() throws IOException {
        write(name -> !name.equals("model.layers.0.mlp.shared_expert_gate.weight"));
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model.layers.0.mlp.shared_expert_gate.weight");
    }
}
