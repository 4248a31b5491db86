package dev.janus.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Every rejected config.json throws {@link ConfigException} naming the offending field. */
class ConfigErrorsTest {

    /** Parses {@code json} expecting a ConfigException for {@code field}; returns it for further checks. */
    private static ConfigException rejects(ObjectNode json, String field) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(json));
        assertThat(e).as("ConfigException for %s", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LlamaForCausalLM", "DeepseekForCausalLM", "MixtralForSequenceClassification"})
    void unsupportedArchitecture(String arch) {
        ObjectNode json = ConfigJson.fixture("tiny-mixtral");
        json.putArray("architectures").add(arch);
        json.remove("model_type");
        assertThat(rejects(json, "architectures").getMessage()).contains(arch).contains("MixtralForCausalLM");
    }

    @Test
    void unsupportedModelTypeWithoutArchitectures() {
        ObjectNode json = ConfigJson.fixture("tiny-mixtral");
        json.remove("architectures");
        json.put("model_type", "llama");
        assertThat(rejects(json, "model_type").getMessage()).contains("llama");
    }

    @Test
    void emptyArchitectures() {
        ObjectNode json = ConfigJson.fixture("tiny-mixtral");
        json.putArray("architectures");
        rejects(json, "architectures");
    }

    @Test
    void modelTypeContradictingArchitectures() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("model_type", "mixtral");
        assertThat(rejects(json, "model_type").getMessage()).contains("Qwen3MoeForCausalLM");
    }

    @ParameterizedTest
    @CsvSource({
            "tiny-qwen3moe, hidden_size",
            "tiny-qwen3moe, num_hidden_layers",
            "tiny-qwen3moe, num_attention_heads",
            "tiny-qwen3moe, vocab_size",
            "tiny-qwen3moe, num_experts",
            "tiny-qwen3moe, moe_intermediate_size",
            "tiny-qwen3moe, num_experts_per_tok",
            "tiny-olmoe, num_experts",
            "tiny-olmoe, intermediate_size",
            "tiny-olmoe, num_experts_per_tok",
            "tiny-mixtral, num_local_experts",
            "tiny-mixtral, num_experts_per_tok",
    })
    void missingRequiredField(String fixture, String field) {
        ObjectNode json = ConfigJson.fixture(fixture);
        json.remove(field);
        assertThat(rejects(json, field).getMessage()).contains("missing");
    }

    @Test
    void nullCountsAsMissing() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.putNull("hidden_size");
        rejects(json, "hidden_size");
    }

    @Test
    void stringWhereAnIntegerBelongs() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("hidden_size", "64");
        assertThat(rejects(json, "hidden_size").getMessage()).contains("integer").contains("\"64\"");
    }

    @Test
    void fractionWhereAnIntegerBelongs() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("num_experts", 16.5);
        rejects(json, "num_experts");
    }

    @Test
    void integerTooLargeForInt() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("vocab_size", 10_000_000_000L);
        rejects(json, "vocab_size");
    }

    @Test
    void negativeCount() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("num_hidden_layers", -1);
        rejects(json, "num_hidden_layers");
    }

    @Test
    void stringWhereABooleanBelongs() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("norm_topk_prob", "true");
        rejects(json, "norm_topk_prob");
    }

    @Test
    void stringWhereANumberBelongs() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("rms_norm_eps", "1e-6");
        rejects(json, "rms_norm_eps");
    }

    @Test
    void mlpOnlyLayersNotAList() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("mlp_only_layers", 1);
        rejects(json, "mlp_only_layers");
    }

    @Test
    void mlpOnlyLayerOutOfRange() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.putArray("mlp_only_layers").add(4);
        rejects(json, "mlp_only_layers");
    }

    @Test
    void kvHeadsNotDividingHeads() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("num_key_value_heads", 4);
        assertThat(rejects(json, "num_key_value_heads").getMessage()).contains("num_attention_heads");
    }

    @Test
    void zeroKvHeads() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("num_key_value_heads", 0);
        rejects(json, "num_key_value_heads");
    }

    @Test
    void zeroAttentionHeads() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("num_attention_heads", 0);
        json.remove("num_key_value_heads");
        rejects(json, "num_attention_heads");
    }

    @Test
    void topKExceedsExperts() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("num_experts_per_tok", 11);
        assertThat(rejects(json, "num_experts_per_tok").getMessage()).contains("11").contains("10");
    }

    @Test
    void zeroTopK() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("num_experts_per_tok", 0);
        rejects(json, "num_experts_per_tok");
    }

    @Test
    void zeroExpertsIsReportedUnderTheFamilysFieldName() {
        ObjectNode mixtral = ConfigJson.fixture("tiny-mixtral");
        mixtral.put("num_local_experts", 0);
        rejects(mixtral, "num_local_experts");
        ObjectNode olmoe = ConfigJson.fixture("tiny-olmoe");
        olmoe.put("num_experts", 0);
        rejects(olmoe, "num_experts");
    }

    @Test
    void hiddenNotDivisibleByHeadsWithoutHeadDim() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("num_attention_heads", 7);
        json.put("num_key_value_heads", 7);
        assertThat(rejects(json, "head_dim").getMessage()).contains("96").contains("7");
    }

    @Test
    void explicitHeadDimOverridesTheDivisibilityRule() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("num_attention_heads", 7);
        json.put("num_key_value_heads", 7);
        json.put("head_dim", 16);
        assertThat(ConfigParser.parse(json).qDim()).isEqualTo(112);
    }

    @Test
    void oddHeadDim() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("head_dim", 15);
        rejects(json, "head_dim");
    }

    @Test
    void denseLayersWithoutIntermediateSize() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.remove("intermediate_size");
        assertThat(rejects(json, "intermediate_size").getMessage()).contains("mlp_only_layers");
    }

    @Test
    void noDenseLayersNeedNoIntermediateSize() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.remove("intermediate_size");
        json.putArray("mlp_only_layers");
        assertThat(ConfigParser.parse(json).sparseLayers()).hasSize(4);
    }

    @Test
    void zeroDecoderSparseStep() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("decoder_sparse_step", 0);
        rejects(json, "decoder_sparse_step");
    }

    @Test
    void nonPositiveClipQkv() {
        ObjectNode json = ConfigJson.fixture("tiny-olmoe");
        json.put("clip_qkv", 0.0);
        rejects(json, "clip_qkv");
        json.put("clip_qkv", 8.0);
        assertThat(ConfigParser.parse(json).clipQkv()).isEqualTo(8.0f);
    }

    @Test
    void fileThatIsNotJson(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"hidden_size\": 64,");
        assertThatThrownBy(() -> ConfigParser.read(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(config.toString());
    }

    @Test
    void fileThatIsAJsonList(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[1, 2]");
        assertThatThrownBy(() -> ConfigParser.read(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a JSON object");
    }
}
