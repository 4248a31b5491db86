package dev.janus.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** compressed-tensors int8 W8A16 in config.json: what llm-compressor writes is read, the rest refused by name. */
class Int8ChannelQuantizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A quantization_config as llm-compressor 0.5 writes it for the W8A16 scheme. */
    private static ObjectNode w8a16() {
        return (ObjectNode) JSON.valueToTree(Int8ChannelQuantization.W8A16.toJson());
    }

    private static ObjectNode config(ObjectNode quantization) {
        ObjectNode json = DeepseekConfigTest.v3Config();
        json.set("quantization_config", quantization);
        return json;
    }

    @Test
    void readsLlmCompressorW8A16() {
        ObjectNode q = w8a16();
        q.putArray("ignore").add("lm_head");
        assertThat(ConfigParser.parse(config(q)).quantization()).isEqualTo(new Int8ChannelQuantization(List.of("lm_head"), false));
        q.put("format", "pack-quantized");
        assertThat(ConfigParser.parse(config(q)).quantization()).isEqualTo(new Int8ChannelQuantization(List.of("lm_head"), true));
        assertThat(ConfigParser.parse(config(q)).fp8()).isNull();
        assertThat(ConfigParser.parse(config(w8a16())).quantization()).isEqualTo(Int8ChannelQuantization.W8A16);
    }

    @Test
    void refusesWhatItCannotRunExactly() {
        rejects(q -> q.put("format", "naive-quantized"), "format 'naive-quantized' is not supported");
        rejects(q -> q.put("quantization_status", "frozen"), "quantization_status 'frozen'");
        rejects(q -> group(q).putObject("input_activations").put("num_bits", 8), "activation quantization (W8A8)");
        rejects(q -> weights(q).put("num_bits", 4), "num_bits must be 8");
        rejects(q -> weights(q).put("strategy", "group").put("group_size", 128), "strategy must be \"channel\"");
        rejects(q -> weights(q).put("symmetric", false), "symmetric must be true");
        rejects(q -> weights(q).put("type", "float"), "type must be \"int\"");
        rejects(q -> q.putObject("config_groups"), "config_groups must name at least one group");
        rejects(q -> q.put("quant_method", "gptq"), "quant_method 'gptq' is not supported");
    }

    private static ObjectNode group(ObjectNode q) {
        return (ObjectNode) q.get("config_groups").get("group_0");
    }

    private static ObjectNode weights(ObjectNode q) {
        return (ObjectNode) group(q).get("weights");
    }

    private static void rejects(Consumer<ObjectNode> edit, String message) {
        ObjectNode q = w8a16();
        edit.accept(q);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(config(q)));
        assertThat(e).as("ConfigException for %s", message).isNotNull();
        assertThat(e.field()).isEqualTo("quantization_config");
        assertThat(e.getMessage()).contains(message);
    }
}
