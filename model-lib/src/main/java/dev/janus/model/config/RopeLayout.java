package dev.janus.model.config;

/** Which dims of a rotary slice form the pairs rotated together. */
public enum RopeLayout {
    /** HF rotate_half (GPT-NeoX): dim i pairs with i + d/2 (Llama, Mixtral, Qwen, OLMoE). */
    HALVES,
    /**
     * Adjacent pairs (2i, 2i+1) with frequency i: HF DeepseekV2 (complex multiply on the interleaved
     * layout) and DeepseekV3 with {@code rope_interleave} (de-interleave, then rotate_half: the same
     * rotated pairs in another order, so every attention score is identical).
     */
    INTERLEAVED
}
