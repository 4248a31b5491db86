package dev.janus.model.forward;

import dev.janus.model.config.RopeLayout;
import dev.janus.model.config.RopeScaling;

/**
 * Rotary position embedding in the HF "rotate_half" (GPT-NeoX) convention: dims i and
 * i + d/2 form a pair rotated by {@code pos · inv_freq[i]};
 * {@code x' = x·cos + rotate_half(x)·sin}, {@code rotate_half(x) = concat(-x[d/2:], x[:d/2])}.
 * inv_freq follows HF {@code modeling_rope_utils} for default, linear, llama3 and yarn scaling;
 * yarn's attention factor multiplies cos and sin. cos/sin tables grow on demand (not
 * thread-safe: call {@link #ensure} before a parallel region).
 *
 * <p>{@link #applyStrided} also serves MLA's rope slices in either {@link RopeLayout}: HALVES as
 * above, or INTERLEAVED pairs (2i, 2i+1) with frequency i (HF DeepseekV2 {@code view_as_complex}
 * · {@code freqs_cis}: {@code x'[2i] = x[2i]·cos − x[2i+1]·sin, x'[2i+1] = x[2i+1]·cos + x[2i]·sin}).
 */
public final class Rope {

    private final int half;
    private final RopeLayout layout;
    private final float[] invFreq;
    private final float attentionFactor;
    private float[] cos = new float[0]; // [positions, half]
    private float[] sin = new float[0];
    private int positions;

    public Rope(int headDim, double theta, RopeScaling scaling) {
        this(headDim, theta, scaling, RopeLayout.HALVES);
    }

    public Rope(int headDim, double theta, RopeScaling scaling, RopeLayout layout) {
        this.half = headDim / 2;
        this.layout = layout;
        this.invFreq = RopeFrequencies.inverseFrequencies(headDim, theta, scaling);
        this.attentionFactor = (float) RopeFrequencies.attentionFactor(scaling);
    }

    /** Makes the tables cover positions {@code [0, n)}. */
    public void ensure(int n) {
        if (n <= positions) {
            return;
        }
        int cap = Math.max(n, Math.max(256, positions * 2));
        float[] c = new float[cap * half];
        float[] s = new float[cap * half];
        System.arraycopy(cos, 0, c, 0, positions * half);
        System.arraycopy(sin, 0, s, 0, positions * half);
        for (int p = positions; p < cap; p++) {
            for (int i = 0; i < half; i++) {
                // HF: freqs = (pos as float32) * inv_freq (float32), then cos/sin in float32
                float angle = (float) p * invFreq[i];
                c[p * half + i] = (float) Math.cos(angle) * attentionFactor;
                s[p * half + i] = (float) Math.sin(angle) * attentionFactor;
            }
        }
        cos = c;
        sin = s;
        positions = cap;
    }

    /** Rotates {@code heads} consecutive heads of width 2·half starting at {@code off}. */
    public void apply(float[] x, int off, int heads, int position) {
        int tb = position * half;
        int hd = 2 * half;
        for (int h = 0; h < heads; h++) {
            int b = off + h * hd;
            for (int i = 0; i < half; i++) {
                float x1 = x[b + i];
                float x2 = x[b + i + half];
                float c = cos[tb + i];
                float s = sin[tb + i];
                x[b + i] = x1 * c - x2 * s;
                x[b + i + half] = x2 * c + x1 * s;
            }
        }
    }

    /**
     * Rotates {@code count} slices of width 2·half, the first at {@code off}, each {@code stride}
     * floats after the previous, pairing dims as this rope's {@link RopeLayout} says.
     */
    public void applyStrided(float[] x, int off, int count, int stride, int position) {
        int tb = position * half;
        boolean interleaved = layout == RopeLayout.INTERLEAVED;
        for (int h = 0; h < count; h++) {
            int b = off + h * stride;
            for (int i = 0; i < half; i++) {
                int i1 = interleaved ? b + 2 * i : b + i;
                int i2 = interleaved ? i1 + 1 : i1 + half;
                float x1 = x[i1];
                float x2 = x[i2];
                float c = cos[tb + i];
                float s = sin[tb + i];
                x[i1] = x1 * c - x2 * s;
                x[i2] = x2 * c + x1 * s;
            }
        }
    }
}
