package dev.janus.comm.scaling;

import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.MlaConfig;
import dev.janus.model.config.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where model descriptions come from: the built-in JSON resources, a description file, or an HF
 * {@code config.json} (through model-lib's {@link ConfigParser}, so every family it reads works).
 * The JSON form is {@link ModelDescription}'s components in snake_case, attention nested:
 * <pre>
 * {"name": "deepseek-v2-like", "source": "...", "layers": 60, "dense_layers": 1, "hidden_size": 5120,
 *  "vocab_size": 102400, "experts": 160, "top_k": 6, "expert_intermediate_size": 1536,
 *  "shared_expert_intermediate_size": 3072, "dense_intermediate_size": 12288,
 *  "attention": {"kind": "mla", "heads": 128, "kv_heads": 128, "head_dim": 192, "q_lora_rank": 1536,
 *                "kv_lora_rank": 512, "qk_rope_head_dim": 64, "v_head_dim": 128},
 *  "weight_bytes": 2, "kv_bytes": 2, "activation_bytes": 2}
 * </pre>
 */
public final class ModelDescriptions {

    /** Built-in names: DeepSeek-V2-like (236B), Qwen3-235B-like, and DeepSeek-V3-like (256 experts). */
    public static final List<String> BUILT_IN = List.of("deepseek-v2-like", "qwen3-235b-like", "deepseek-v3-like");

    private ModelDescriptions() {
    }

    /** A built-in description by name. */
    public static ModelDescription builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown model '" + name + "'; built in: " + String.join(", ", BUILT_IN));
        }
        return ScalingJson.resource("models/" + name + ".json", ModelDescription.class);
    }

    /**
     * A built-in name, a description file, an HF config.json, or a directory holding one
     * (a file with a {@code "model_type"} or {@code "architectures"} field is read as HF config).
     */
    public static ModelDescription load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (Files.isDirectory(path)) {
            return fromHfConfig(path.resolve("config.json"), 2);
        }
        String text = readString(path);
        if (text.contains("\"model_type\"") || text.contains("\"architectures\"")) {
            return fromHfConfig(path, 2);
        }
        return ScalingJson.parse(text, ModelDescription.class, path.toString());
    }

    /** An HF config.json with weights, KV and activations of {@code bytes} each (2 = bf16). */
    public static ModelDescription fromHfConfig(Path configJson, double bytes) {
        ModelConfig c = ConfigParser.read(configJson);
        return fromConfig(c, configJson.getFileName() + " of " + configJson.toAbsolutePath().getParent(), bytes);
    }

    /** The description of a parsed config. */
    public static ModelDescription fromConfig(ModelConfig c, String source, double bytes) {
        MlaConfig mla = c.mla();
        AttentionShape attention = mla == null ? AttentionShape.gqa(c.numHeads(), c.numKvHeads(), c.headDim())
                : AttentionShape.mla(c.numHeads(), mla.qkHeadDim(), mla.qLoraRank(), mla.kvLoraRank(),
                        mla.qkRopeHeadDim(), mla.vHeadDim());
        int dense = c.numLayers() - c.sparseLayers().size();
        return new ModelDescription(c.family().modelType(), "HF config " + source + " (model-lib ConfigParser)",
                c.numLayers(), dense, c.hiddenSize(), c.vocabSize(), c.tieWordEmbeddings(), c.numExperts(),
                c.numExpertsPerToken(), c.moeIntermediateSize(), c.sharedExpertIntermediateSize(),
                dense > 0 ? c.intermediateSize() : 0, attention, bytes, bytes, bytes);
    }

    private static String readString(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read model description " + path, e);
        }
    }
}
