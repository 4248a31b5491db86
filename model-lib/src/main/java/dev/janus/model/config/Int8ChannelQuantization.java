package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * int8 weight-only quantization with one scale per output channel (W8A16), as llm-compressor
 * writes it in the compressed-tensors format: {@code {"quant_method": "compressed-tensors",
 * "format": "int-quantized", "config_groups": {"group_0": {"targets": ["Linear"], "weights":
 * {"num_bits": 8, "type": "int", "symmetric": true, "strategy": "channel"}}}, "ignore":
 * ["lm_head"]}}. Each quantized {@code W [out, in]} is stored as I8 {@code weight} beside
 * {@code weight_scale [out, 1]}; {@code w = q * scale}, computed in the scale's dtype as
 * compressed-tensors' {@code dequantize} does ({@code q.to(scale.dtype) * scale}). With
 * {@code "format": "pack-quantized"} (what llm-compressor writes for weight-only schemes) the
 * codes are {@code weight_packed [out, in / 4]} in I32, four {@code q + 128} bytes per word along
 * the row ({@code pack_to_int32}, packed_dim 1), beside {@code weight_shape}.
 *
 * <p>Refused with a clear message: activation quantization (W8A8), group or tensor strategies,
 * asymmetric quantization, other bit widths.
 *
 * @param ignore the {@code ignore} list written back by {@link #toJson()} (layers left unquantized)
 * @param packed {@code pack-quantized} (codes in {@code weight_packed}) rather than {@code int-quantized}
 */
public record Int8ChannelQuantization(List<String> ignore, boolean packed) implements WeightQuantization {

    static final String METHOD = "compressed-tensors";

    /** What {@code make-model --dtype int8} writes: every linear layer but lm_head and the router gates. */
    public static final Int8ChannelQuantization W8A16 =
            new Int8ChannelQuantization(List.of("lm_head", "re:.*mlp.gate$", "re:.*shared_expert_gate$"), false);

    public Int8ChannelQuantization {
        ignore = List.copyOf(ignore);
    }

    /** {@code quantization_config} with {@code "quant_method": "compressed-tensors"}. */
    static Int8ChannelQuantization parse(JsonNode q) {
        String format = q.path("format").asText("");
        if (!format.equals("int-quantized") && !format.equals("pack-quantized")) {
            throw new ConfigException(FIELD, "compressed-tensors format '" + format + "' is not supported (only "
                    + "\"int-quantized\" and \"pack-quantized\" int8 weights with per-channel scales)");
        }
        String status = q.path("quantization_status").asText("compressed");
        if (!status.equals("compressed")) {
            throw new ConfigException(FIELD, "quantization_status '" + status + "' is not supported (only compressed)");
        }
        JsonNode groups = q.path("config_groups");
        if (!groups.isObject() || groups.isEmpty()) {
            throw new ConfigException(FIELD, "config_groups must name at least one group");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> group = it.next();
            checkGroup(group.getKey(), group.getValue());
        }
        List<String> ignore = new ArrayList<>();
        q.path("ignore").forEach(n -> ignore.add(n.asText()));
        return new Int8ChannelQuantization(ignore, format.equals("pack-quantized"));
    }

    private static void checkGroup(String name, JsonNode group) {
        String where = "config_groups." + name;
        for (String activations : new String[] {"input_activations", "output_activations"}) {
            if (!group.path(activations).isMissingNode() && !group.path(activations).isNull()) {
                throw new ConfigException(FIELD, where + "." + activations + " is set: activation quantization (W8A8) "
                        + "is not supported, only weight-only int8 (W8A16)");
            }
        }
        JsonNode w = group.path("weights");
        require(w.isObject(), where + ".weights must be an object");
        require(w.path("num_bits").asInt(-1) == 8, where + ".weights.num_bits must be 8, got " + w.path("num_bits"));
        require(w.path("type").asText("").equals("int"), where + ".weights.type must be \"int\", got " + w.path("type"));
        require(w.path("symmetric").asBoolean(false), where + ".weights.symmetric must be true (zero points are not supported)");
        require(w.path("strategy").asText("").equals("channel"), where + ".weights.strategy must be \"channel\" "
                + "(one scale per output row), got " + w.path("strategy"));
        require(!w.path("dynamic").asBoolean(false), where + ".weights.dynamic must be false");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(FIELD, message);
        }
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("actorder", null);
        weights.put("block_structure", null);
        weights.put("dynamic", false);
        weights.put("group_size", null);
        weights.put("num_bits", 8);
        weights.put("observer", "minmax");
        weights.put("observer_kwargs", new HashMap<>());
        weights.put("strategy", "channel");
        weights.put("symmetric", true);
        weights.put("type", "int");
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("input_activations", null);
        group.put("output_activations", null);
        group.put("targets", List.of("Linear"));
        group.put("weights", weights);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_groups", Map.of("group_0", group));
        m.put("format", packed ? "pack-quantized" : "int-quantized");
        m.put("global_compression_ratio", null);
        m.put("ignore", ignore);
        m.put("kv_cache_scheme", null);
        m.put("quant_method", METHOD);
        m.put("quantization_status", "compressed");
        return m;
    }
}
