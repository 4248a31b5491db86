package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RoPE for the reference, written from HF {@code modeling_rope_utils} (the
 * {@code _compute_*_parameters} functions of the current transformers) in double precision:
 * inverse frequencies for default / linear / llama3 / yarn and the cos/sin post-scaling
 * ("attention_factor", yarn only). Rotation is HF rotate_half: dim i pairs with i + d/2.
 */
final class ReferenceRope {

    private final double[] invFreq;      // [head_dim / 2]
    private final double attentionScale; // multiplies cos and sin

    private ReferenceRope(double[] invFreq, double attentionScale) {
        this.invFreq = invFreq;
        this.attentionScale = attentionScale;
    }

    static ReferenceRope of(ReferenceConfig c) {
        return of(c.headDim(), c.ropeTheta(), c.ropeScaling(), c.maxPositions());
    }

    /** RoPE over {@code dim} dims (DeepSeek: qk_rope_head_dim) with rope_scaling {@code s} (null = none). */
    static ReferenceRope of(int dim, double base, JsonNode s, int maxPositions) {
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(base, (2.0 * i) / dim); // 1 / base^(arange(0, dim, 2) / dim)
        }
        String type = s == null ? "default" : text(s, "rope_type", text(s, "type", "default"));
        return switch (type) {
            case "default" -> new ReferenceRope(inv, 1.0);
            case "linear" -> {
                double factor = s.get("factor").asDouble();
                for (int i = 0; i < inv.length; i++) {
                    inv[i] /= factor;
                }
                yield new ReferenceRope(inv, 1.0);
            }
            case "llama3" -> new ReferenceRope(llama3(inv, s), 1.0);
            case "yarn" -> yarn(dim, base, s, maxPositions);
            default -> throw new IllegalArgumentException("reference has no rope type " + type);
        };
    }

    /**
     * _compute_llama3_parameters: wavelengths longer than original/low_freq_factor are divided by
     * factor, shorter than original/high_freq_factor kept, and the band between blended by
     * smooth = (original / wavelen - low) / (high - low).
     */
    private static double[] llama3(double[] inv, JsonNode s) {
        double factor = s.get("factor").asDouble();
        double low = s.get("low_freq_factor").asDouble();
        double high = s.get("high_freq_factor").asDouble();
        double original = s.get("original_max_position_embeddings").asDouble();
        double lowWavelen = original / low;
        double highWavelen = original / high;
        double[] out = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < highWavelen) {
                out[i] = inv[i];
            } else if (wavelen > lowWavelen) {
                out[i] = inv[i] / factor;
            } else {
                double smooth = (original / wavelen - low) / (high - low);
                out[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return out;
    }

    /**
     * _compute_yarn_parameters: per frequency, a linear ramp between the correction dims of
     * beta_fast and beta_slow (floored / ceiled, clamped to [0, dim-1]) blends interpolation
     * (inv / factor) and extrapolation (inv). attention_factor defaults to 0.1 ln(factor) + 1
     * (mscale / mscale_all_dim variant when both are given).
     */
    private static ReferenceRope yarn(int dim, double base, JsonNode s, int maxPositions) {
        double original = s.hasNonNull("original_max_position_embeddings")
                ? s.get("original_max_position_embeddings").asDouble() : maxPositions;
        double factor = s.hasNonNull("factor") ? s.get("factor").asDouble() : maxPositions / original;
        double attention;
        if (s.hasNonNull("attention_factor")) {
            attention = s.get("attention_factor").asDouble();
        } else if (s.hasNonNull("mscale") && s.hasNonNull("mscale_all_dim")) {
            attention = mscale(factor, s.get("mscale").asDouble()) / mscale(factor, s.get("mscale_all_dim").asDouble());
        } else {
            attention = mscale(factor, 1);
        }
        double betaFast = s.hasNonNull("beta_fast") ? s.get("beta_fast").asDouble() : 32;
        double betaSlow = s.hasNonNull("beta_slow") ? s.get("beta_slow").asDouble() : 1;
        double low = correctionDim(betaFast, dim, base, original);
        double high = correctionDim(betaSlow, dim, base, original);
        if (!s.hasNonNull("truncate") || s.get("truncate").asBoolean()) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, dim - 1);
        if (low == high) {
            high += 0.001;
        }
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            double posFreq = Math.pow(base, (2.0 * i) / dim);
            double ramp = Math.clamp((i - low) / (high - low), 0.0, 1.0);
            double extrapolationWeight = 1 - ramp;
            inv[i] = (1 / (factor * posFreq)) * (1 - extrapolationWeight) + (1 / posFreq) * extrapolationWeight;
        }
        return new ReferenceRope(inv, attention);
    }

    private static double mscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    private static double correctionDim(double rotations, int dim, double base, double maxPositions) {
        return dim * Math.log(maxPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    /** x'[i] = x[i]·cos − x[i+d/2]·sin, x'[i+d/2] = x[i+d/2]·cos + x[i]·sin, on one head at {@code off}. */
    void rotate(double[] x, int off, int position) {
        int half = invFreq.length;
        for (int i = 0; i < half; i++) {
            double angle = position * invFreq[i];
            double c = Math.cos(angle) * attentionScale;
            double s = Math.sin(angle) * attentionScale;
            double a = x[off + i];
            double b = x[off + i + half];
            x[off + i] = a * c - b * s;
            x[off + i + half] = b * c + a * s;
        }
    }

    /**
     * HF DeepseekV2 apply_rotary_emb: view (x[2i], x[2i+1]) as a complex number and multiply by
     * {@code attention_scale · e^(j·angle_i)}; the interleaved layout is kept.
     */
    void rotateComplex(double[] x, int off, int position) {
        for (int i = 0; i < invFreq.length; i++) {
            double angle = position * invFreq[i];
            double re = Math.cos(angle) * attentionScale;
            double im = Math.sin(angle) * attentionScale;
            double a = x[off + 2 * i];
            double b = x[off + 2 * i + 1];
            x[off + 2 * i] = a * re - b * im;
            x[off + 2 * i + 1] = a * im + b * re;
        }
    }

    private static String text(JsonNode n, String field, String dflt) {
        return n.hasNonNull(field) ? n.get(field).asText() : dflt;
    }
}
