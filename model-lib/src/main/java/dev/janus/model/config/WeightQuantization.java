package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * How a checkpoint's linear weights are quantized, from config.json's {@code quantization_config};
 * which tensors are quantized is read from their dtype (F8_E4M3, I8), the rest stay as stored.
 */
public sealed interface WeightQuantization permits Fp8Quantization, Int8ChannelQuantization {

    String FIELD = "quantization_config";

    /** config.json's {@code quantization_config} for this quantization, keys in the order HF writes them. */
    Map<String, Object> toJson();

    /** The quantization config.json names, or null when it has none (weights as stored). */
    static WeightQuantization parse(ConfigFields f) {
        if (!f.has(FIELD)) {
            return null;
        }
        JsonNode q = f.node(FIELD);
        if (!q.isObject()) {
            throw new ConfigException(FIELD, "expected an object, got " + q);
        }
        String method = q.path("quant_method").asText("");
        return switch (method) {
            case "fp8" -> Fp8Quantization.parse(q);
            case Int8ChannelQuantization.METHOD -> Int8ChannelQuantization.parse(q);
            default -> throw new ConfigException(FIELD, "quant_method '" + method + "' is not supported (block-wise "
                    + "\"fp8\" as DeepSeek-V3 and Qwen3-FP8 ship, or \"compressed-tensors\" int8 weight-only W8A16 with "
                    + "per-channel scales; convert other checkpoints to bf16 first)");
        };
    }
}
