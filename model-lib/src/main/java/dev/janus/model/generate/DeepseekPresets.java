package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;

/**
 * DeepSeek-shaped sizes of each {@link ModelPreset}: MLA attention (q LoRA, latent KV), one dense
 * first layer, 16 fine-grained routed experts top-4 in 4 groups (best 2 groups), shared experts
 * (V2: 2, V3: 1, as the real models), yarn rope_scaling factor 40. The routed experts a token
 * activates are as wide in total as Mixtral's top-2 of the same preset, so decode reads comparable
 * expert bytes per token.
 */
final class DeepseekPresets {

    private static final int EXPERTS = 16;
    private static final int TOP_K = 4;
    private static final int GROUPS = 4;
    private static final int TOPK_GROUPS = 2;

    private DeepseekPresets() {
    }

    static ModelDimensions dimensions(ModelPreset preset, ModelFamily family) {
        int shared = family == ModelFamily.DEEPSEEK_V3 ? 1 : 2;
        return switch (preset) {
            // like fixtures/tiny-deepseek-v2: q_lora 48, kv_lora 32, nope 16, rope 8, v 12 (≠ nope)
            case TINY -> of(4096, 64, 4, 4, 32,
                    new MlaDimensions(48, 32, 16, 8, 12, 1, 160, GROUPS, TOPK_GROUPS, shared, 64));
            case SMALL -> of(32_000, 512, 4, 8, 704,
                    new MlaDimensions(192, 128, 32, 16, 32, 1, 1408, GROUPS, TOPK_GROUPS, shared, 4096));
            // hidden 1024, 8 layers, 16 heads, kv_lora 256 + rope 32 cached per token and layer
            case MEDIUM -> of(32_000, 1024, 8, 16, 1408,
                    new MlaDimensions(384, 256, 64, 32, 64, 1, 2816, GROUPS, TOPK_GROUPS, shared, 4096));
        };
    }

    private static ModelDimensions of(int vocab, int hidden, int layers, int heads, int expertWidth, MlaDimensions mla) {
        return new ModelDimensions(vocab, hidden, layers, heads, heads, EXPERTS, TOP_K, expertWidth,
                mla.sharedExperts() * expertWidth, MlaDimensions.YARN_FACTOR * mla.yarnOriginalMaxPositions(), mla);
    }
}
