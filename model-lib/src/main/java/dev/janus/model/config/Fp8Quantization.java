package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block-wise FP8 weight quantization, from config.json's {@code quantization_config} as
 * DeepSeek-V3/R1 and the Qwen3 FP8 releases write it (HF {@code FineGrainedFP8Config}):
 * {@code {"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [128, 128],
 * "activation_scheme": "dynamic"}}. Each quantized {@code W [out, in]} is stored as F8_E4M3 beside
 * a float32 {@code weight_scale_inv [ceil(out / blockRows), ceil(in / blockCols)]}; which tensors
 * are quantized is read from their dtype (embeddings, norms, router gates and lm_head stay bf16).
 * Activations are not quantized here: "dynamic" activation quantization is a GPU kernel detail,
 * HF's CPU path dequantizes the weights and computes in float.
 *
 * @param blockRows weight_block_size[0]
 * @param blockCols weight_block_size[1]
 */
public record Fp8Quantization(int blockRows, int blockCols) implements WeightQuantization {

    public Fp8Quantization {
        if (blockRows <= 0 || blockCols <= 0) {
            throw new ConfigException(FIELD, "weight_block_size must be two positive integers, got ["
                    + blockRows + ", " + blockCols + "]");
        }
    }

    /** DeepSeek-V3's and Qwen3-FP8's block. */
    public static final Fp8Quantization DEEPSEEK_128 = new Fp8Quantization(128, 128);

    /** {@code quantization_config} with {@code "quant_method": "fp8"}. */
    static Fp8Quantization parse(JsonNode q) {
        String fmt = q.path("fmt").asText("e4m3");
        if (!fmt.equals("e4m3")) {
            throw new ConfigException(FIELD, "fmt '" + fmt + "' is not supported (only e4m3)");
        }
        String activations = q.path("activation_scheme").asText("dynamic");
        if (!activations.equals("dynamic")) {
            throw new ConfigException(FIELD, "activation_scheme '" + activations + "' is not supported (only dynamic)");
        }
        JsonNode block = q.get("weight_block_size");
        if (block == null || !block.isArray() || block.size() != 2 || !block.get(0).canConvertToInt()
                || !block.get(1).canConvertToInt()) {
            throw new ConfigException(FIELD, "weight_block_size must be [rows, cols] (per-tensor FP8 scales "
                    + "are not supported), got " + block);
        }
        return new Fp8Quantization(block.get(0).intValue(), block.get(1).intValue());
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activation_scheme", "dynamic");
        m.put("fmt", "e4m3");
        m.put("quant_method", "fp8");
        m.put("weight_block_size", List.of(blockRows, blockCols));
        return m;
    }
}
