package dev.janus.model.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** DeepSeek-V2/V3 config.json: MLA shapes, softmax scale, routing rule, dense layers, and clear errors. */
class DeepseekConfigTest {

    @Test
    void tinyDeepseekV2Fixture() {
        ModelConfig c = ConfigParser.parse(ConfigJson.fixture("tiny-deepseek-v2"));
        assertThat(c.family()).isEqualTo(ModelFamily.DEEPSEEK_V2);
        MlaConfig m = c.mla();
        assertThat(m).isEqualTo(new MlaConfig(48, 32, 16, 8, 12, RopeLayout.INTERLEAVED, 1 / Math.sqrt(24)));
        assertThat(c.headDim()).isEqualTo(24);
        assertThat(c.kvCacheRowWidth()).isEqualTo(40);
        assertThat(c.kvCacheHasValues()).isFalse();
        assertThat(m.expandedRowWidth(c.numHeads())).isEqualTo(4 * (24 + 12));
        // 4 layers x 40 floats (latent 32 + k_pe 8) vs 4 layers x 4 heads x (24 + 12) floats expanded
        assertThat(c.kvCacheBytesPerToken()).isEqualTo(4 * 40 * 4);
        assertThat(c.expandedKvBytesPerToken()).isEqualTo(4 * 144 * 4);
        assertThat(c.sparseLayers()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(c.intermediateSize()).isEqualTo(160);
        assertThat(c.sharedExpertIntermediateSize()).isEqualTo(64);
        assertThat(c.numExperts()).isEqualTo(16);
        assertThat(c.normTopkProb()).isFalse();
        assertThat(c.routing()).isEqualTo(new RoutingConfig(ScoringFunction.SOFTMAX, 4, 2, 2.5, false));
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
    }

    /** DeepSeek-V3's own config.json fields (scaled down): yarn with mscale = mscale_all_dim = 1, factor 40. */
    static ObjectNode v3Config() {
        ObjectNode c = ConfigJson.fixture("tiny-deepseek-v2");
        c.putArray("architectures").add("DeepseekV3ForCausalLM");
        c.put("model_type", "deepseek_v3").put("scoring_func", "sigmoid").put("topk_method", "noaux_tc")
                .put("norm_topk_prob", true).put("n_shared_experts", 1).put("max_position_embeddings", 163840);
        c.putObject("rope_scaling").put("type", "yarn").put("factor", 40).put("beta_fast", 32).put("beta_slow", 1)
                .put("mscale", 1.0).put("mscale_all_dim", 1.0).put("original_max_position_embeddings", 4096);
        return c;
    }

    @Test
    void deepseekV3WithYarnScalesTheSoftmaxByMscaleSquared() {
        ModelConfig c = ConfigParser.parse(v3Config());
        assertThat(c.family()).isEqualTo(ModelFamily.DEEPSEEK_V3);
        double mscale = 0.1 * Math.log(40) + 1;
        assertThat(c.mla().softmaxScale()).isCloseTo(mscale * mscale / Math.sqrt(24), within(1e-12));
        assertThat(c.mla().ropeLayout()).isEqualTo(RopeLayout.INTERLEAVED);
        assertThat(c.routing()).isEqualTo(new RoutingConfig(ScoringFunction.SIGMOID, 4, 2, 2.5, true));
        assertThat(c.normTopkProb()).isTrue();
        assertThat(c.sharedExpertIntermediateSize()).isEqualTo(32);
        assertThat(c.ropeScaling().mscale()).isEqualTo(1.0);
        assertThat(c.ropeScaling().originalMaxPositions()).isEqualTo(4096);
    }

    @Test
    void v3DefaultsAndRopeInterleaveFalse() {
        ObjectNode json = v3Config();
        json.remove("norm_topk_prob");
        json.remove("routed_scaling_factor");
        json.remove("first_k_dense_replace");
        json.put("rope_interleave", false);
        ModelConfig c = ConfigParser.parse(json);
        assertThat(c.normTopkProb()).isTrue();                        // DeepseekV3Config default
        assertThat(c.routing().routedScalingFactor()).isEqualTo(2.5);
        assertThat(c.sparseLayers()).containsExactly(3);               // first_k_dense_replace default 3
        assertThat(c.mla().ropeLayout()).isEqualTo(RopeLayout.HALVES);
    }

    @Test
    void v2GreedyAndNoQLora() {
        ObjectNode json = ConfigJson.fixture("tiny-deepseek-v2");
        json.put("topk_method", "greedy").putNull("q_lora_rank");
        json.remove("n_group");
        json.remove("topk_group");
        ModelConfig c = ConfigParser.parse(json);
        assertThat(c.mla().qLoraRank()).isZero();
        assertThat(c.routing().groups()).isEqualTo(1);
    }

    @Test
    void clearErrors() {
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("topk_method", "noaux_tc"), "topk_method");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("scoring_func", "sigmoid"), "scoring_func");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("moe_layer_freq", 2), "moe_layer_freq");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("n_group", 3), "n_group");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("topk_group", 5), "topk_group");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("num_experts_per_tok", 9), "num_experts_per_tok");
        rejects(ConfigJson.fixture("tiny-deepseek-v2").put("attention_bias", true), "attention_bias");
        ObjectNode noBlocks = v3Config(); // per-tensor FP8 scales: not the block-wise format
        noBlocks.putObject("quantization_config").put("quant_method", "fp8");
        rejects(noBlocks, "quantization_config");
        ObjectNode gptq = v3Config();
        gptq.putObject("quantization_config").put("quant_method", "gptq");
        rejects(gptq, "quantization_config");
        ObjectNode e5m2 = v3Config();
        e5m2.putObject("quantization_config").put("quant_method", "fp8").put("fmt", "e5m2").putArray("weight_block_size").add(128).add(128);
        rejects(e5m2, "quantization_config");
        rejects(v3Config().put("n_group", 16), "n_group"); // groups of 1: noaux_tc needs a top-2 per group
    }

    @Test
    void deepseekV3Fp8BlockQuantization() {
        ObjectNode json = v3Config();
        ObjectNode q = json.putObject("quantization_config");
        q.put("activation_scheme", "dynamic").put("fmt", "e4m3").put("quant_method", "fp8");
        q.putArray("weight_block_size").add(128).add(64);
        assertThat(ConfigParser.parse(json).fp8()).isEqualTo(new Fp8Quantization(128, 64));
        assertThat(ConfigParser.parse(v3Config()).fp8()).isNull();
    }

    private static void rejects(ObjectNode json, String field) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(json));
        assertThat(e).as("ConfigException for %s", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
    }
}
