package dev.janus.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.golden.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Set;

/** Each fixture's config.json parses to the values its README states. */
class FixtureConfigTest {

    private static ModelConfig read(String fixture) {
        return ConfigParser.read(Fixtures.dir(fixture).resolve("config.json"));
    }

    @Test
    void qwen3MoeHasExplicitHeadDimAndOneDenseLayer() {
        ModelConfig c = read("tiny-qwen3moe");
        assertThat(c.family()).isEqualTo(ModelFamily.QWEN3_MOE);
        assertThat(c.vocabSize()).isEqualTo(576);
        assertThat(c.hiddenSize()).isEqualTo(64);
        assertThat(c.numLayers()).isEqualTo(4);
        assertThat(c.numHeads()).isEqualTo(6);
        assertThat(c.numKvHeads()).isEqualTo(2);
        // 64 / 6 is not an integer: head_dim 16 comes from config.json
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.qDim()).isEqualTo(96);
        assertThat(c.kvDim()).isEqualTo(32);
        assertThat(c.numExperts()).isEqualTo(16);
        assertThat(c.numExpertsPerToken()).isEqualTo(4);
        assertThat(c.moeIntermediateSize()).isEqualTo(32);
        assertThat(c.intermediateSize()).isEqualTo(160);
        assertThat(c.sharedExpertIntermediateSize()).isZero();
        assertThat(c.hasSharedExpert()).isFalse();
        assertThat(c.normTopkProb()).isTrue();
        assertThat(c.sparseLayers()).isEqualTo(Set.of(0, 2, 3));
        assertThat(c.isSparse(1)).isFalse();
        assertThat(c.qkNorm()).isEqualTo(QkNorm.PER_HEAD);
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
        assertThat(c.ropeScaling()).isEqualTo(RopeScaling.NONE);
        assertThat(c.maxPositionEmbeddings()).isEqualTo(2048);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.qkvBias()).isFalse();
        assertThat(c.outputBias()).isFalse();
        assertThat(Float.isNaN(c.clipQkv())).isTrue();
        assertThat(c.slidingWindow()).containsOnly(0).hasSize(4);
        assertThat(c.bosTokenId()).isEqualTo(549);
        assertThat(c.eosTokenIds()).containsExactly(551);
    }

    @Test
    void olmoeDerivesHeadDimAndNormalisesWholeProjections() {
        ModelConfig c = read("tiny-olmoe");
        assertThat(c.family()).isEqualTo(ModelFamily.OLMOE);
        assertThat(c.vocabSize()).isEqualTo(576);
        assertThat(c.hiddenSize()).isEqualTo(96);
        assertThat(c.numLayers()).isEqualTo(3);
        assertThat(c.numHeads()).isEqualTo(6);
        assertThat(c.numKvHeads()).isEqualTo(3);
        // no head_dim in config.json: 96 / 6
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.numExperts()).isEqualTo(10);
        assertThat(c.numExpertsPerToken()).isEqualTo(3);
        assertThat(c.moeIntermediateSize()).isEqualTo(48);
        assertThat(c.intermediateSize()).isZero();
        assertThat(c.hasSharedExpert()).isFalse();
        assertThat(c.normTopkProb()).isFalse();
        assertThat(c.sparseLayers()).isEqualTo(Set.of(0, 1, 2));
        assertThat(c.qkNorm()).isEqualTo(QkNorm.WHOLE_PROJECTION);
        assertThat(c.rmsNormEps()).isEqualTo(1e-5);
        assertThat(c.ropeTheta()).isEqualTo(10_000.0);
        assertThat(c.ropeScaling()).isEqualTo(RopeScaling.NONE);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.qkvBias()).isFalse();
        assertThat(c.outputBias()).isFalse();
        // clip_qkv null means off
        assertThat(Float.isNaN(c.clipQkv())).isTrue();
        // bos_token_id is null in config.json
        assertThat(c.bosTokenId()).isEqualTo(-1);
        assertThat(c.eosTokenIds()).containsExactly(543);
    }

    @Test
    void mixtralIsSparseEverywhereAndAlwaysRenormalises() {
        ModelConfig c = read("tiny-mixtral");
        assertThat(c.family()).isEqualTo(ModelFamily.MIXTRAL);
        assertThat(c.vocabSize()).isEqualTo(512);
        assertThat(c.hiddenSize()).isEqualTo(64);
        assertThat(c.numLayers()).isEqualTo(4);
        assertThat(c.numHeads()).isEqualTo(8);
        assertThat(c.numKvHeads()).isEqualTo(2);
        assertThat(c.headDim()).isEqualTo(8);
        assertThat(c.numExperts()).isEqualTo(8);
        assertThat(c.numExpertsPerToken()).isEqualTo(2);
        assertThat(c.moeIntermediateSize()).isEqualTo(128);
        assertThat(c.normTopkProb()).isTrue();
        assertThat(c.sparseLayers()).isEqualTo(Set.of(0, 1, 2, 3));
        assertThat(c.qkNorm()).isEqualTo(QkNorm.NONE);
        assertThat(c.rmsNormEps()).isEqualTo(1e-5);
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.qkvBias()).isFalse();
        assertThat(c.outputBias()).isFalse();
        // sliding_window null: full attention on every layer
        assertThat(c.slidingWindow()).containsOnly(0);
        assertThat(c.bosTokenId()).isEqualTo(496);
        assertThat(c.eosTokenIds()).containsExactly(497);
    }

    @Test
    void deepseekV2FixtureIsParsed() { // details in DeepseekConfigTest
        assertThat(read("tiny-deepseek-v2").family()).isEqualTo(ModelFamily.DEEPSEEK_V2);
    }

    @Test
    void modelTypeAloneSelectsTheFamily() {
        var json = ConfigJson.fixture("tiny-olmoe");
        json.remove("architectures");
        assertThat(ConfigParser.parse(json).family()).isEqualTo(ModelFamily.OLMOE);
    }

    @Test
    void nullHeadDimIsDerived() {
        var json = ConfigJson.fixture("tiny-mixtral");
        json.putNull("head_dim");
        assertThat(ConfigParser.parse(json).headDim()).isEqualTo(8);
    }

    @Test
    void eosMayBeAList() {
        var json = ConfigJson.fixture("tiny-mixtral");
        json.putArray("eos_token_id").add(497).add(500);
        assertThat(ConfigParser.parse(json).eosTokenIds()).containsExactly(497, 500);
    }

    @Test
    void mixtralSlidingWindowAppliesToEveryLayer() {
        var json = ConfigJson.fixture("tiny-mixtral");
        json.put("sliding_window", 4096);
        assertThat(ConfigParser.parse(json).slidingWindow()).containsExactly(4096, 4096, 4096, 4096);
    }

    @Test
    void qwenSlidingWindowOnlyWhenEnabledFromMaxWindowLayers() {
        var json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("sliding_window", 512);
        assertThat(ConfigParser.parse(json).slidingWindow()).containsOnly(0);
        json.put("use_sliding_window", true);
        json.put("max_window_layers", 2);
        assertThat(ConfigParser.parse(json).slidingWindow()).containsExactly(0, 0, 512, 512);
    }

    @Test
    void decoderSparseStepTwoMakesEveryOtherLayerDense() {
        var json = ConfigJson.fixture("tiny-qwen3moe");
        json.putArray("mlp_only_layers");
        json.put("decoder_sparse_step", 2);
        // HF: sparse iff (l + 1) % step == 0
        assertThat(ConfigParser.parse(json).sparseLayers()).isEqualTo(Set.of(1, 3));
    }
}
