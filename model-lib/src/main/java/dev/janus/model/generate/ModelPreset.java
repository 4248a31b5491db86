package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sizes for {@code make-model --preset}. All: 8 experts, top-2, GQA with 4 query heads per kv head,
 * untied lm_head, bf16. Qwen2-MoE adds a shared expert as wide as one routed expert.
 * Parameters (Mixtral / Qwen2-MoE): tiny ≈ 1.3 M / 1.5 M (≈ 3 MB), small ≈ 105 M / 113 M (≈ 210 MB),
 * medium ≈ 641 M / 710 M (≈ 1.3 GB). DeepSeek-V2/V3 use {@link DeepseekPresets} of the same hidden
 * size, layers and vocabulary.
 */
public enum ModelPreset {
    /** Like the golden fixtures: a few MB, for tests. Vocabulary 4096 holds the generated tokenizer. */
    TINY(4096, 64, 4, 8, 2, 128),
    /** A few hundred MB. */
    SMALL(32_000, 512, 4, 8, 2, 1408),
    /** hidden 1024, 8 layers, 16 heads, 4 kv heads, 8 experts top-2, expert width 2816, vocab 32000. */
    MEDIUM(32_000, 1024, 8, 16, 4, 2816);

    private static final int EXPERTS = 8;
    private static final int TOP_K = 2;
    private static final int MAX_POSITIONS = 4096;

    private final int vocab;
    private final int hidden;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int expertWidth;

    ModelPreset(int vocab, int hidden, int layers, int heads, int kvHeads, int expertWidth) {
        this.vocab = vocab;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.expertWidth = expertWidth;
    }

    public ModelDimensions dimensions(ModelFamily family) {
        if (family.isDeepseek()) {
            return DeepseekPresets.dimensions(this, family);
        }
        int shared = switch (family) {
            case MIXTRAL -> 0;
            case QWEN2_MOE -> expertWidth;
            default -> throw new IllegalArgumentException("make-model supports mixtral, qwen2moe, deepseek-v2 and deepseek-v3, not "
                    + family.modelType());
        };
        return new ModelDimensions(vocab, hidden, layers, heads, kvHeads, EXPERTS, TOP_K, expertWidth, shared, MAX_POSITIONS);
    }

    /** "tiny" | "small" | "medium", any case. */
    public static ModelPreset parse(String name) {
        for (ModelPreset p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; expected one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
}
