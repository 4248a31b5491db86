package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * config.json of {@code DeepseekV2ForCausalLM} / {@code DeepseekV3ForCausalLM} with the defaults
 * of HF {@code DeepseekV2Config} / {@code DeepseekV3Config}, and the rules of HF
 * modeling_deepseek_v2.py / modeling_deepseek_v3.py where they differ from the original DeepSeek
 * code: layer l is sparse iff {@code l >= first_k_dense_replace} (moe_layer_freq is not read, so
 * we accept only 1); V2 routing never renormalises (norm_topk_prob is ignored); V2 always scores
 * with softmax, V3 with sigmoid + e_score_correction_bias (noaux_tc). Fields HF would treat
 * differently from the original code, or that we do not support, are rejected by name.
 */
final class DeepseekConfigParser {

    private DeepseekConfigParser() {
    }

    static ModelConfig parse(ConfigFields f, ModelFamily family) {
        boolean v3 = family == ModelFamily.DEEPSEEK_V3;
        rejectUnsupported(f);
        int hidden = ConfigParser.positive("hidden_size", f.requiredInt("hidden_size"));
        int layers = ConfigParser.positive("num_hidden_layers", f.requiredInt("num_hidden_layers"));
        int heads = ConfigParser.positive("num_attention_heads", f.requiredInt("num_attention_heads"));
        int vocab = ConfigParser.positive("vocab_size", f.requiredInt("vocab_size"));

        // null q_lora_rank = plain q_proj (V2-Lite); absent = the HF default 1536
        JsonNode qLoraNode = f.node("q_lora_rank");
        int qLora = qLoraNode != null && qLoraNode.isNull() ? 0 : f.optionalInt("q_lora_rank", 1536);
        int kvLora = ConfigParser.positive("kv_lora_rank", f.optionalInt("kv_lora_rank", 512));
        int nope = ConfigParser.positive("qk_nope_head_dim", f.optionalInt("qk_nope_head_dim", 128));
        int rope = ConfigParser.positive("qk_rope_head_dim", f.optionalInt("qk_rope_head_dim", 64));
        int vDim = ConfigParser.positive("v_head_dim", f.optionalInt("v_head_dim", 128));
        if (rope % 2 != 0) {
            throw new ConfigException("qk_rope_head_dim", "must be even for RoPE, got " + rope);
        }
        RopeParser.Rope ropeParams = RopeParser.parse(f, 10000.0);
        RopeScaling scaling = ropeParams.scaling();
        double softmaxScale = 1.0 / Math.sqrt(nope + rope);
        if (scaling.mscaleAllDim() != null && scaling.mscaleAllDim() != 0) {
            // DeepseekV2Attention / DeepseekV3Attention: scaling *= mscale² (factor from rope_scaling)
            double m = RopeScaling.yarnMscale(scaling.factor(), scaling.mscaleAllDim());
            softmaxScale *= m * m;
        }
        // HF DeepseekV3: rope_interleave (default true) de-interleaves before rotate_half; V2 is always interleaved
        RopeLayout layout = !v3 || f.optionalBool("rope_interleave", true) ? RopeLayout.INTERLEAVED : RopeLayout.HALVES;
        MlaConfig mla = new MlaConfig(qLora, kvLora, nope, rope, vDim, layout, softmaxScale);

        int experts = ConfigParser.positive("n_routed_experts", f.requiredInt("n_routed_experts"));
        int topK = ConfigParser.positive("num_experts_per_tok", f.requiredInt("num_experts_per_tok"));
        int moeWidth = ConfigParser.positive("moe_intermediate_size", f.optionalInt("moe_intermediate_size", v3 ? 2048 : 1407));
        int shared = f.optionalInt("n_shared_experts", v3 ? 1 : 0) * moeWidth;
        int firstDense = f.optionalInt("first_k_dense_replace", v3 ? 3 : 0);
        int denseWidth = f.optionalInt("intermediate_size", v3 ? 18432 : 11008);
        if (firstDense > 0 && denseWidth <= 0) {
            throw new ConfigException("intermediate_size", "must be positive when first_k_dense_replace > 0");
        }
        Set<Integer> sparse = new TreeSet<>();
        for (int l = firstDense; l < layers; l++) {
            sparse.add(l);
        }
        RoutingConfig routing = v3 ? v3Routing(f, experts, topK) : v2Routing(f, experts, topK);
        boolean normTopk = v3 && f.optionalBool("norm_topk_prob", true); // HF DeepseekV2Moe never renormalises

        return new ModelConfig(family, vocab, hidden, layers, heads, heads, nope + rope, denseWidth,
                experts, topK, moeWidth, shared, normTopk, Set.copyOf(sparse),
                f.optionalDouble("rms_norm_eps", 1e-6), ropeParams.theta(), scaling,
                f.optionalInt("max_position_embeddings", v3 ? 4096 : 2048),
                f.optionalBool("tie_word_embeddings", false), false, false, QkNorm.NONE, Float.NaN,
                new int[layers], f.optionalTokenId("bos_token_id"), f.tokenIds("eos_token_id"), mla, routing,
                WeightQuantization.parse(f));
    }

    /** HF DeepseekV2Moe: softmax scores; "greedy" top-k or "group_limited_greedy" (groups by max score). */
    private static RoutingConfig v2Routing(ConfigFields f, int experts, int topK) {
        expect(f, "scoring_func", "softmax", "HF DeepseekV2 always scores with softmax");
        String method = f.has("topk_method") ? f.requiredString("topk_method") : "greedy";
        double scale = f.optionalDouble("routed_scaling_factor", 1.0);
        return switch (method) {
            case "greedy" -> {
                checkTopK(topK, experts);
                yield new RoutingConfig(ScoringFunction.SOFTMAX, 1, 1, scale, false);
            }
            case "group_limited_greedy" -> groups(f, experts, topK, ScoringFunction.SOFTMAX, 1, scale, false);
            default -> throw new ConfigException("topk_method", "unsupported for deepseek_v2: '" + method
                    + "'; supported: greedy, group_limited_greedy");
        };
    }

    /** HF DeepseekV3TopkRouter: sigmoid scores + e_score_correction_bias, groups by their top-2 sum (noaux_tc). */
    private static RoutingConfig v3Routing(ConfigFields f, int experts, int topK) {
        expect(f, "scoring_func", "sigmoid", "HF DeepseekV3 always scores with sigmoid");
        expect(f, "topk_method", "noaux_tc", "HF DeepseekV3 always routes with noaux_tc");
        return groups(f, experts, topK, ScoringFunction.SIGMOID, 2, f.optionalDouble("routed_scaling_factor", 2.5), true);
    }

    private static RoutingConfig groups(ConfigFields f, int experts, int topK, ScoringFunction scoring,
                                        int minGroupSize, double scale, boolean bias) {
        int groups = ConfigParser.positive("n_group", f.requiredInt("n_group"));
        int topkGroups = ConfigParser.positive("topk_group", f.requiredInt("topk_group"));
        if (experts % groups != 0 || experts / groups < minGroupSize) {
            throw new ConfigException("n_group", groups + " groups do not split " + experts
                    + " experts into equal groups of at least " + minGroupSize);
        }
        if (topkGroups > groups) {
            throw new ConfigException("topk_group", topkGroups + " exceeds n_group " + groups);
        }
        checkTopK(topK, topkGroups * (experts / groups));
        return new RoutingConfig(scoring, groups, topkGroups, scale, bias);
    }

    private static void checkTopK(int topK, int candidates) {
        if (topK > candidates) {
            throw new ConfigException("num_experts_per_tok", topK + " exceeds the " + candidates + " experts a token can choose from");
        }
    }

    private static void expect(ConfigFields f, String field, String value, String why) {
        if (f.has(field) && !f.requiredString(field).equals(value)) {
            throw new ConfigException(field, "'" + f.requiredString(field) + "' is not supported: " + why);
        }
    }

    private static void rejectUnsupported(ConfigFields f) {
        if (f.optionalInt("moe_layer_freq", 1) != 1) {
            throw new ConfigException("moe_layer_freq", "only 1 is supported (HF ignores it, the original DeepSeek code does not)");
        }
        if (f.optionalBool("attention_bias", false)) {
            throw new ConfigException("attention_bias", "true is not supported for DeepSeek MLA");
        }
        if (f.has("hidden_act") && !f.requiredString("hidden_act").equals("silu")) {
            throw new ConfigException("hidden_act", "only silu is supported, got '" + f.requiredString("hidden_act") + "'");
        }
    }
}
