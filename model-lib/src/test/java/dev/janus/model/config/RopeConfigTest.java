package dev.janus.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** rope_theta / rope_scaling (transformers v4) and rope_parameters (v5). */
class RopeConfigTest {

    private static ObjectNode withRopeScaling(String scalingJson) {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.set("rope_scaling", ConfigJson.parseText(scalingJson));
        return json;
    }

    private static ConfigException rejects(ObjectNode json, String field) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(json));
        assertThat(e).as("ConfigException for %s", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
        return e;
    }

    @Test
    void linear() {
        RopeScaling s = ConfigParser.parse(withRopeScaling("{\"type\": \"linear\", \"factor\": 2.0}")).ropeScaling();
        assertThat(s.type()).isEqualTo("linear");
        assertThat(s.factor()).isEqualTo(2.0);
    }

    @Test
    void llama3() {
        RopeScaling s = ConfigParser.parse(withRopeScaling("""
                {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                 "original_max_position_embeddings": 8192}""")).ropeScaling();
        assertThat(s.type()).isEqualTo("llama3");
        assertThat(s.factor()).isEqualTo(8.0);
        assertThat(s.lowFreqFactor()).isEqualTo(1.0);
        assertThat(s.highFreqFactor()).isEqualTo(4.0);
        assertThat(s.originalMaxPositions()).isEqualTo(8192);
    }

    @Test
    void llama3NeedsOriginalMaxPositions() {
        rejects(withRopeScaling("{\"rope_type\": \"llama3\", \"factor\": 8.0}"),
                "rope_scaling.original_max_position_embeddings");
    }

    @Test
    void yarnAsQwen3ShipsIt() {
        ModelConfig c = ConfigParser.parse(withRopeScaling("""
                {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}"""));
        RopeScaling s = c.ropeScaling();
        assertThat(s.type()).isEqualTo("yarn");
        assertThat(s.factor()).isEqualTo(4.0);
        assertThat(s.originalMaxPositions()).isEqualTo(32768);
        assertThat(s.betaFast()).isEqualTo(32.0);
        assertThat(s.betaSlow()).isEqualTo(1.0);
        assertThat(s.attentionFactor()).isNull();
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
    }

    @Test
    void yarnWithExplicitParameters() {
        RopeScaling s = ConfigParser.parse(withRopeScaling("""
                {"type": "yarn", "factor": 40, "original_max_position_embeddings": 4096,
                 "beta_fast": 16, "beta_slow": 2, "attention_factor": 1.25}""")).ropeScaling();
        assertThat(s.factor()).isEqualTo(40.0);
        assertThat(s.betaFast()).isEqualTo(16.0);
        assertThat(s.betaSlow()).isEqualTo(2.0);
        assertThat(s.attentionFactor()).isEqualTo(1.25);
    }

    @Test
    void yarnWithoutOriginalMaxPositionsUsesMaxPositionEmbeddings() {
        RopeScaling s = ConfigParser.parse(withRopeScaling("{\"rope_type\": \"yarn\", \"factor\": 2.0}")).ropeScaling();
        assertThat(s.originalMaxPositions()).isEqualTo(2048);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamic", "longrope", "su"})
    void unsupportedType(String type) {
        ConfigException e = rejects(withRopeScaling("{\"type\": \"" + type + "\", \"factor\": 2.0}"),
                "rope_scaling.type");
        assertThat(e.getMessage()).contains(type).contains("yarn");
    }

    @Test
    void scalingWithoutFactor() {
        rejects(withRopeScaling("{\"type\": \"linear\"}"), "rope_scaling.factor");
    }

    @Test
    void factorBelowOne() {
        rejects(withRopeScaling("{\"type\": \"linear\", \"factor\": 0.5}"), "rope_scaling.factor");
    }

    @Test
    void scalingNotAnObject() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("rope_scaling", "yarn");
        rejects(json, "rope_scaling");
    }

    @Test
    void defaultTypeIsNoScaling() {
        assertThat(ConfigParser.parse(withRopeScaling("{\"rope_type\": \"default\"}")).ropeScaling())
                .isEqualTo(RopeScaling.NONE);
    }

    @Test
    void nonPositiveTheta() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.put("rope_theta", 0.0);
        rejects(json, "rope_theta");
    }

    @Test
    void v5RopeParametersCarryTheta() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.remove("rope_theta");
        json.remove("rope_scaling");
        json.set("rope_parameters", ConfigJson.parseText("{\"rope_type\": \"default\", \"rope_theta\": 500000.0}"));
        ModelConfig c = ConfigParser.parse(json);
        assertThat(c.ropeTheta()).isEqualTo(500_000.0);
        assertThat(c.ropeScaling()).isEqualTo(RopeScaling.NONE);
    }

    @Test
    void v5RopeParametersWithYarn() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.remove("rope_theta");
        json.remove("rope_scaling");
        json.set("rope_parameters", ConfigJson.parseText("""
                {"rope_type": "yarn", "rope_theta": 1000000.0, "factor": 4.0,
                 "original_max_position_embeddings": 32768}"""));
        ModelConfig c = ConfigParser.parse(json);
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
        assertThat(c.ropeScaling().type()).isEqualTo("yarn");
        assertThat(c.ropeScaling().factor()).isEqualTo(4.0);
        assertThat(c.ropeScaling().originalMaxPositions()).isEqualTo(32768);
    }

    @Test
    void v5RopeParametersErrorsNameThatField() {
        ObjectNode json = ConfigJson.fixture("tiny-qwen3moe");
        json.set("rope_parameters", ConfigJson.parseText("{\"rope_type\": \"dynamic\", \"factor\": 2.0}"));
        rejects(json, "rope_parameters.type");
    }

    @Test
    void defaultThetaPerFamily() {
        ObjectNode mixtral = ConfigJson.fixture("tiny-mixtral");
        mixtral.remove("rope_theta");
        assertThat(ConfigParser.parse(mixtral).ropeTheta()).isEqualTo(1_000_000.0);
        ObjectNode olmoe = ConfigJson.fixture("tiny-olmoe");
        olmoe.remove("rope_theta");
        assertThat(ConfigParser.parse(olmoe).ropeTheta()).isEqualTo(10_000.0);
    }
}
