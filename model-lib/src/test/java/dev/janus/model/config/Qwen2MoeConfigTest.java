package dev.janus.model.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Qwen2-MoE, from a config.json modelled on Qwen1.5-MoE-A2.7B's (no fixture of this family). */
class Qwen2MoeConfigTest {

    private static final String QWEN15_MOE_A27B = """
            {
              "architectures": ["Qwen2MoeForCausalLM"],
              "attention_dropout": 0.0,
              "bos_token_id": 151643,
              "decoder_sparse_step": 1,
              "eos_token_id": 151643,
              "hidden_act": "silu",
              "hidden_size": 2048,
              "initializer_range": 0.02,
              "intermediate_size": 5632,
              "max_position_embeddings": 8192,
              "max_window_layers": 21,
              "model_type": "qwen2_moe",
              "moe_intermediate_size": 1408,
              "norm_topk_prob": false,
              "num_attention_heads": 16,
              "num_experts": 60,
              "num_experts_per_tok": 4,
              "num_hidden_layers": 24,
              "num_key_value_heads": 16,
              "output_router_logits": false,
              "rms_norm_eps": 1e-06,
              "rope_theta": 1000000.0,
              "router_aux_loss_coef": 0.001,
              "shared_expert_intermediate_size": 5632,
              "sliding_window": 32768,
              "tie_word_embeddings": false,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.40.0.dev0",
              "use_cache": true,
              "use_sliding_window": false,
              "vocab_size": 151936
            }""";

    @Test
    void parsesSharedExpertAndQkvBias() {
        ModelConfig c = ConfigParser.parse(ConfigJson.parseText(QWEN15_MOE_A27B));
        assertThat(c.family()).isEqualTo(ModelFamily.QWEN2_MOE);
        assertThat(c.hiddenSize()).isEqualTo(2048);
        assertThat(c.numHeads()).isEqualTo(16);
        assertThat(c.numKvHeads()).isEqualTo(16);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.numExperts()).isEqualTo(60);
        assertThat(c.numExpertsPerToken()).isEqualTo(4);
        assertThat(c.moeIntermediateSize()).isEqualTo(1408);
        assertThat(c.sharedExpertIntermediateSize()).isEqualTo(5632);
        assertThat(c.hasSharedExpert()).isTrue();
        assertThat(c.normTopkProb()).isFalse();
        assertThat(c.sparseLayers()).hasSize(24);
        assertThat(c.qkNorm()).isEqualTo(QkNorm.NONE);
        // HF Qwen2MoeAttention: bias=True on q/k/v, bias=False on o_proj
        assertThat(c.qkvBias()).isTrue();
        assertThat(c.outputBias()).isFalse();
        // use_sliding_window false: sliding_window 32768 is ignored
        assertThat(c.slidingWindow()).hasSize(24).containsOnly(0);
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.bosTokenId()).isEqualTo(151643);
        assertThat(c.eosTokenIds()).containsExactly(151643);
    }

    @Test
    void normTopkProbDefaultsToFalseForQwen2AndQwen3() { // HF Qwen2MoeConfig / Qwen3MoeConfig defaults
        ObjectNode qwen2 = ConfigJson.parseText(QWEN15_MOE_A27B);
        qwen2.remove("norm_topk_prob");
        assertThat(ConfigParser.parse(qwen2).normTopkProb()).isFalse();
        ObjectNode qwen3 = ConfigJson.fixture("tiny-qwen3moe");
        qwen3.remove("norm_topk_prob");
        assertThat(ConfigParser.parse(qwen3).normTopkProb()).isFalse();
    }

    @Test
    void familyDefaultsForOmittedFields() {
        ObjectNode qwen = ConfigJson.parseText(QWEN15_MOE_A27B);
        qwen.remove("rms_norm_eps");
        assertThat(ConfigParser.parse(qwen).rmsNormEps()).isEqualTo(1e-6);
        ObjectNode mixtral = ConfigJson.fixture("tiny-mixtral");
        mixtral.remove("rms_norm_eps");
        assertThat(ConfigParser.parse(mixtral).rmsNormEps()).isEqualTo(1e-5);
        // max_window_layers defaults to 28 (HF), so a 30-layer model slides on layers 28 and 29
        qwen.put("use_sliding_window", true).put("num_hidden_layers", 30).remove("max_window_layers");
        int[] windows = ConfigParser.parse(qwen).slidingWindow();
        assertThat(windows[27]).isZero();
        assertThat(windows[28]).isPositive();
    }

    @Test
    void layerTypesChooseSlidingLayers() {
        ObjectNode qwen = ConfigJson.parseText(QWEN15_MOE_A27B);
        qwen.put("use_sliding_window", true).put("num_hidden_layers", 2).put("sliding_window", 7);
        qwen.putArray("layer_types").add("sliding_attention").add("full_attention");
        assertThat(ConfigParser.parse(qwen).slidingWindow()).containsExactly(7, 0);
    }

    @Test
    void slidingWindowFromMaxWindowLayersWhenEnabled() {
        ObjectNode json = ConfigJson.parseText(QWEN15_MOE_A27B);
        json.put("use_sliding_window", true);
        int[] windows = ConfigParser.parse(json).slidingWindow();
        for (int l = 0; l < 24; l++) {
            assertThat(windows[l]).as("layer %d", l).isEqualTo(l >= 21 ? 32768 : 0);
        }
    }

    @Test
    void noSharedExpertWhenWidthAbsent() {
        ObjectNode json = ConfigJson.parseText(QWEN15_MOE_A27B);
        json.remove("shared_expert_intermediate_size");
        assertThat(ConfigParser.parse(json).hasSharedExpert()).isFalse();
    }
}
