package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * config.json read a second time, on purpose without the engine's ConfigParser: the fields the
 * naive reference needs, with the defaults of the HF config classes (MixtralConfig,
 * Qwen2MoeConfig, Qwen3MoeConfig, OlmoeConfig) and the HF module rules that decide biases, q/k
 * norms, dense layers and sliding windows. A parser bug therefore shows up as a mismatch instead
 * of being shared by both sides.
 *
 * @param modelType      mixtral | qwen2_moe | qwen3_moe | olmoe
 * @param slidingWindow  per layer, 0 = full causal attention
 * @param sparse         per layer, MoE block (true) or dense MLP
 * @param clipQkv        OLMoE clip_qkv, NaN when null
 */
record ReferenceConfig(String modelType, int vocab, int hidden, int layers, int heads, int kvHeads, int headDim,
                       int numExperts, int topK, boolean normTopk, double eps, double ropeTheta,
                       JsonNode ropeScaling, int maxPositions, boolean tied, int[] slidingWindow,
                       boolean[] sparse, double clipQkv, boolean attentionBias) {

    static ReferenceConfig read(Path configJson) {
        return of(json(configJson));
    }

    static JsonNode json(Path configJson) {
        try {
            return new ObjectMapper().readTree(Files.readString(configJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReferenceConfig of(JsonNode c) {
        String type = c.get("model_type").asText();
        int hidden = c.get("hidden_size").asInt();
        int layers = c.get("num_hidden_layers").asInt();
        int heads = c.get("num_attention_heads").asInt();
        int kvHeads = intOr(c, "num_key_value_heads", heads);
        int headDim = intOr(c, "head_dim", hidden / heads);
        boolean mixtral = type.equals("mixtral");
        boolean qwen = type.startsWith("qwen");
        int experts = mixtral ? c.get("num_local_experts").asInt() : c.get("num_experts").asInt();
        // MixtralSparseMoeBlock renormalises unconditionally; the others read norm_topk_prob (default False in HF).
        boolean normTopk = mixtral || boolOr(c, "norm_topk_prob", false);
        double defaultTheta = mixtral ? 1e6 : 10000.0;

        boolean[] sparse = new boolean[layers];
        Set<Integer> mlpOnly = new HashSet<>();
        if (qwen && c.hasNonNull("mlp_only_layers")) {
            c.get("mlp_only_layers").forEach(n -> mlpOnly.add(n.asInt()));
        }
        int step = qwen ? intOr(c, "decoder_sparse_step", 1) : 1;
        for (int l = 0; l < layers; l++) {
            // HF Qwen2MoeDecoderLayer / Qwen3MoeDecoderLayer rule; Mixtral and OLMoE: every layer
            sparse[l] = !mlpOnly.contains(l) && experts > 0 && (l + 1) % step == 0;
        }

        int[] window = new int[layers];
        if (c.hasNonNull("sliding_window")) {
            int w = c.get("sliding_window").asInt();
            for (int l = 0; l < layers; l++) {
                if (mixtral) {
                    window[l] = w;
                } else if (qwen && boolOr(c, "use_sliding_window", false)
                        && l >= intOr(c, "max_window_layers", 28)) { // HF default max_window_layers = 28
                    window[l] = w;
                }
            }
        }
        JsonNode rope = c.hasNonNull("rope_parameters") ? c.get("rope_parameters")
                : c.hasNonNull("rope_scaling") ? c.get("rope_scaling") : null;
        double theta = c.hasNonNull("rope_theta") ? c.get("rope_theta").asDouble() : defaultTheta;
        if (rope != null && rope.hasNonNull("rope_theta")) {
            theta = rope.get("rope_theta").asDouble();
        }
        double clip = type.equals("olmoe") && c.hasNonNull("clip_qkv") ? c.get("clip_qkv").asDouble() : Double.NaN;
        return new ReferenceConfig(type, c.get("vocab_size").asInt(), hidden, layers, heads, kvHeads, headDim,
                experts, c.get("num_experts_per_tok").asInt(), normTopk, doubleOr(c, "rms_norm_eps", qwen ? 1e-6 : 1e-5),
                theta, rope, intOr(c, "max_position_embeddings", 4096), boolOr(c, "tie_word_embeddings", false),
                window, sparse, clip, boolOr(c, "attention_bias", false));
    }

    boolean isMixtral() {
        return modelType.equals("mixtral");
    }

    /** HF Qwen2MoeAttention builds q/k/v with bias=True; Qwen3-MoE and OLMoE follow attention_bias. */
    boolean qkvBias() {
        return modelType.equals("qwen2_moe") || (!isMixtral() && attentionBias);
    }

    boolean outputBias() {
        return (modelType.equals("qwen3_moe") || modelType.equals("olmoe")) && attentionBias;
    }

    boolean sharedExpert() {
        return modelType.equals("qwen2_moe");
    }

    private static int intOr(JsonNode c, String f, int d) {
        return c.hasNonNull(f) ? c.get(f).asInt() : d;
    }

    private static double doubleOr(JsonNode c, String f, double d) {
        return c.hasNonNull(f) ? c.get(f).asDouble() : d;
    }

    private static boolean boolOr(JsonNode c, String f, boolean d) {
        return c.hasNonNull(f) ? c.get(f).asBoolean() : d;
    }
}
