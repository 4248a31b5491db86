package dev.janus.model.config;

/**
 * {@code rope_scaling} as HF {@code modeling_rope_utils} understands it. Only the fields the
 * type uses are meaningful; {@link #NONE} is the unscaled ("default") RoPE.
 *
 * @param type              default, linear, llama3 or yarn
 * @param factor            scaling factor (linear, llama3, yarn)
 * @param originalMaxPositions original_max_position_embeddings (llama3, yarn)
 * @param lowFreqFactor     llama3 low_freq_factor
 * @param highFreqFactor    llama3 high_freq_factor
 * @param betaFast          yarn beta_fast (default 32)
 * @param betaSlow          yarn beta_slow (default 1)
 * @param attentionFactor   yarn attention_factor (null → from mscale / mscale_all_dim, else 0.1 ln(factor) + 1)
 * @param mscale            yarn mscale (DeepSeek-V2/V3 configs), null when absent
 * @param mscaleAllDim      yarn mscale_all_dim (DeepSeek-V2/V3), null when absent; DeepSeek
 *                          attention also multiplies its softmax scale by {@code mscale(factor, mscale_all_dim)²}
 */
public record RopeScaling(String type, double factor, int originalMaxPositions,
                          double lowFreqFactor, double highFreqFactor,
                          double betaFast, double betaSlow, Double attentionFactor,
                          Double mscale, Double mscaleAllDim) {

    public static final RopeScaling NONE = new RopeScaling("default", 1, 0, 0, 0, 0, 0, null, null, null);

    /** HF {@code yarn_get_mscale} / {@code get_mscale}: {@code 0.1 · m · ln(scale) + 1}, 1 when scale ≤ 1. */
    public static double yarnMscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }
}
