package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an HF {@code config.json} into a {@link ModelConfig}. Defaults follow the HF config
 * classes of each family (MixtralConfig, Qwen2MoeConfig, Qwen3MoeConfig, OlmoeConfig) for
 * optional fields; shape fields are required. Every error names the field.
 */
public final class ConfigParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigParser() {
    }

    public static ModelConfig read(Path configJson) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(configJson));
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot read " + configJson + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("(file)", configJson + " is not a JSON object");
        }
        return parse(root);
    }

    public static ModelConfig parse(JsonNode root) {
        ConfigFields f = new ConfigFields(root);
        ModelFamily family = family(f);
        if (family.isDeepseek()) {
            return DeepseekConfigParser.parse(f, family);
        }
        int hidden = positive("hidden_size", f.requiredInt("hidden_size"));
        int layers = positive("num_hidden_layers", f.requiredInt("num_hidden_layers"));
        int heads = positive("num_attention_heads", f.requiredInt("num_attention_heads"));
        int kvHeads = positive("num_key_value_heads", f.optionalInt("num_key_value_heads", heads));
        int vocab = positive("vocab_size", f.requiredInt("vocab_size"));
        if (heads % kvHeads != 0) {
            throw new ConfigException("num_key_value_heads", kvHeads + " does not divide num_attention_heads " + heads);
        }
        int headDim = headDim(f, hidden, heads);

        int numExperts;
        int moeWidth;
        int denseWidth;
        int sharedWidth = 0;
        boolean normTopk;
        Set<Integer> sparse = new TreeSet<>();
        switch (family) {
            case MIXTRAL -> {
                numExperts = f.requiredInt("num_local_experts");
                moeWidth = f.requiredInt("intermediate_size");
                denseWidth = 0;
                normTopk = true; // Mixtral always renormalises the top-k softmax weights
                for (int l = 0; l < layers; l++) {
                    sparse.add(l);
                }
            }
            case OLMOE -> {
                numExperts = f.requiredInt("num_experts");
                moeWidth = f.requiredInt("intermediate_size");
                denseWidth = 0;
                normTopk = f.optionalBool("norm_topk_prob", false);
                for (int l = 0; l < layers; l++) {
                    sparse.add(l);
                }
            }
            case QWEN2_MOE, QWEN3_MOE -> {
                numExperts = f.requiredInt("num_experts");
                moeWidth = f.requiredInt("moe_intermediate_size");
                denseWidth = f.optionalInt("intermediate_size", 0);
                normTopk = f.optionalBool("norm_topk_prob", false); // HF Qwen2MoeConfig and Qwen3MoeConfig default
                if (family == ModelFamily.QWEN2_MOE) {
                    sharedWidth = f.optionalInt("shared_expert_intermediate_size", 0);
                }
                sparse.addAll(qwenSparseLayers(f, layers, numExperts));
                if (sparse.size() < layers && denseWidth <= 0) {
                    throw new ConfigException("intermediate_size", "dense layers exist (mlp_only_layers / decoder_sparse_step)"
                            + " but intermediate_size is missing or 0");
                }
            }
            default -> throw new IllegalStateException(family.name());
        }
        int topK = positive("num_experts_per_tok", f.requiredInt("num_experts_per_tok"));
        positive(family == ModelFamily.MIXTRAL ? "num_local_experts" : "num_experts", numExperts);
        if (topK > numExperts) {
            throw new ConfigException("num_experts_per_tok", topK + " exceeds the number of experts " + numExperts);
        }

        boolean attentionBias = f.optionalBool("attention_bias", false);
        boolean qkvBias = switch (family) {
            case MIXTRAL -> false;
            // HF Qwen2MoeAttention hard-codes bias=True on q/k/v (newer configs may say qkv_bias)
            case QWEN2_MOE -> f.optionalBool("qkv_bias", true);
            case QWEN3_MOE, OLMOE -> attentionBias;
            case DEEPSEEK_V2, DEEPSEEK_V3 -> throw new IllegalStateException("parsed by DeepseekConfigParser");
        };
        boolean outBias = family == ModelFamily.QWEN3_MOE || family == ModelFamily.OLMOE ? attentionBias : false;
        QkNorm qkNorm = switch (family) {
            case MIXTRAL, QWEN2_MOE -> QkNorm.NONE;
            case QWEN3_MOE -> QkNorm.PER_HEAD;
            case OLMOE -> QkNorm.WHOLE_PROJECTION;
            case DEEPSEEK_V2, DEEPSEEK_V3 -> throw new IllegalStateException("parsed by DeepseekConfigParser");
        };
        float clip = Float.NaN;
        if (family == ModelFamily.OLMOE && f.has("clip_qkv")) {
            clip = (float) f.requiredDouble("clip_qkv");
            if (!(clip > 0)) {
                throw new ConfigException("clip_qkv", "must be positive or null, got " + clip);
            }
        }

        // HF defaults: MixtralConfig / OlmoeConfig 1e-5, Qwen2MoeConfig / Qwen3MoeConfig 1e-6
        boolean qwen = family == ModelFamily.QWEN2_MOE || family == ModelFamily.QWEN3_MOE;
        double eps = f.optionalDouble("rms_norm_eps", qwen ? 1e-6 : 1e-5);
        RopeParser.Rope rope = RopeParser.parse(f, family == ModelFamily.MIXTRAL ? 1e6 : 10000.0);
        int maxPos = f.optionalInt("max_position_embeddings", 4096);
        return new ModelConfig(family, vocab, hidden, layers, heads, kvHeads, headDim, denseWidth,
                numExperts, topK, moeWidth, sharedWidth, normTopk, Set.copyOf(sparse), eps,
                rope.theta(), rope.scaling(), maxPos, f.optionalBool("tie_word_embeddings", false),
                qkvBias, outBias, qkNorm, clip, slidingWindows(f, family, layers),
                f.optionalTokenId("bos_token_id"), f.tokenIds("eos_token_id"), null, RoutingConfig.SOFTMAX_TOP_K,
                WeightQuantization.parse(f));
    }

    /** Zero heads or experts would surface later as a division by zero or an empty MoE block. */
    static int positive(String field, int value) {
        if (value <= 0) {
            throw new ConfigException(field, "must be positive, got " + value);
        }
        return value;
    }

    private static ModelFamily family(ConfigFields f) {
        if (f.has("architectures")) {
            JsonNode arch = f.node("architectures");
            if (!arch.isArray() || arch.isEmpty() || !arch.get(0).isTextual()) {
                throw new ConfigException("architectures", "expected a non-empty list of names");
            }
            ModelFamily family = ModelFamily.fromArchitecture(arch.get(0).asText());
            if (f.has("model_type") && !family.modelType().equals(f.requiredString("model_type"))) {
                throw new ConfigException("model_type", "'" + f.requiredString("model_type")
                        + "' contradicts architectures[0] " + family.architecture());
            }
            return family;
        }
        return ModelFamily.fromModelType(f.requiredString("model_type"));
    }

    private static int headDim(ConfigFields f, int hidden, int heads) {
        if (f.has("head_dim")) {
            int hd = f.requiredInt("head_dim");
            if (hd % 2 != 0) {
                throw new ConfigException("head_dim", "must be even for RoPE, got " + hd);
            }
            return hd;
        }
        if (hidden % heads != 0) {
            throw new ConfigException("head_dim", "absent and hidden_size " + hidden
                    + " is not divisible by num_attention_heads " + heads);
        }
        return hidden / heads;
    }

    private static boolean[] qwenSlidingLayers(ConfigFields f, int layers) {
        boolean[] sliding = new boolean[layers];
        if (f.has("layer_types")) {
            JsonNode types = f.node("layer_types");
            if (!types.isArray() || types.size() != layers) {
                throw new ConfigException("layer_types", "expected one entry per layer (" + layers + "), got " + types);
            }
            for (int l = 0; l < layers; l++) {
                String t = types.get(l).asText();
                if (!t.equals("sliding_attention") && !t.equals("full_attention")) {
                    throw new ConfigException("layer_types", "unsupported layer type '" + t + "'");
                }
                sliding[l] = t.equals("sliding_attention");
            }
            return sliding;
        }
        int from = f.optionalInt("max_window_layers", 28);
        for (int l = from; l < layers; l++) {
            sliding[l] = true;
        }
        return sliding;
    }

    /** HF Qwen2/3-MoE: layer l is sparse iff l ∉ mlp_only_layers and (l+1) % decoder_sparse_step == 0. */
    private static Set<Integer> qwenSparseLayers(ConfigFields f, int layers, int numExperts) {
        Set<Integer> mlpOnly = new TreeSet<>();
        for (int l : f.optionalIntList("mlp_only_layers")) {
            if (l < 0 || l >= layers) {
                throw new ConfigException("mlp_only_layers", "layer " + l + " out of range [0, " + layers + ")");
            }
            mlpOnly.add(l);
        }
        int step = f.optionalInt("decoder_sparse_step", 1);
        if (step <= 0) {
            throw new ConfigException("decoder_sparse_step", "must be positive, got " + step);
        }
        Set<Integer> sparse = new TreeSet<>();
        for (int l = 0; l < layers; l++) {
            if (!mlpOnly.contains(l) && numExperts > 0 && (l + 1) % step == 0) {
                sparse.add(l);
            }
        }
        return sparse;
    }

    /**
     * Mixtral: sliding_window on every layer when set. Qwen: only when use_sliding_window, on the
     * layers {@code layer_types} marks "sliding_attention", or (older configs) from
     * max_window_layers on (HF default 28).
     */
    private static int[] slidingWindows(ConfigFields f, ModelFamily family, int layers) {
        int[] windows = new int[layers];
        if (!f.has("sliding_window")) {
            return windows;
        }
        int window = f.requiredInt("sliding_window");
        switch (family) {
            case MIXTRAL -> java.util.Arrays.fill(windows, window);
            case QWEN2_MOE, QWEN3_MOE -> {
                if (f.optionalBool("use_sliding_window", false)) {
                    boolean[] sliding = qwenSlidingLayers(f, layers);
                    for (int l = 0; l < layers; l++) {
                        windows[l] = sliding[l] ? window : 0;
                    }
                }
            }
            default -> {
            }
        }
        return windows;
    }
}
