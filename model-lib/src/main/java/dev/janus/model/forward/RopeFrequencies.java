package dev.janus.model.forward;

import dev.janus.model.config.RopeScaling;

/** inv_freq and attention scaling per rope_scaling type, as HF {@code ROPE_INIT_FUNCTIONS}. */
final class RopeFrequencies {

    private RopeFrequencies() {
    }

    static float[] inverseFrequencies(int dim, double base, RopeScaling scaling) {
        int half = dim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            // HF: 1 / base ** (arange(0, dim, 2).float() / dim), in float32
            inv[i] = (float) (1.0 / Math.pow(base, (float) (2 * i) / dim));
        }
        switch (scaling.type()) {
            case "default" -> {
            }
            case "linear" -> {
                for (int i = 0; i < half; i++) {
                    inv[i] = (float) (inv[i] / scaling.factor());
                }
            }
            case "llama3" -> llama3(inv, scaling);
            case "yarn" -> yarn(inv, dim, base, scaling);
            default -> throw new IllegalArgumentException("unsupported rope scaling " + scaling.type());
        }
        return inv;
    }

    static double attentionFactor(RopeScaling scaling) {
        if (!scaling.type().equals("yarn")) {
            return 1.0;
        }
        if (scaling.attentionFactor() != null) {
            return scaling.attentionFactor();
        }
        Double m = scaling.mscale();
        Double mAll = scaling.mscaleAllDim();
        if (m != null && mAll != null && m != 0 && mAll != 0) { // HF: `if mscale and mscale_all_dim`
            return RopeScaling.yarnMscale(scaling.factor(), m) / RopeScaling.yarnMscale(scaling.factor(), mAll);
        }
        return RopeScaling.yarnMscale(scaling.factor(), 1);
    }

    /** HF _compute_llama3_parameters: smooth interpolation between low and high frequency bands. */
    private static void llama3(float[] inv, RopeScaling s) {
        double factor = s.factor();
        double oldLen = s.originalMaxPositions();
        double lowWavelen = oldLen / s.lowFreqFactor();
        double highWavelen = oldLen / s.highFreqFactor();
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            double scaled = wavelen > lowWavelen ? inv[i] / factor : inv[i];
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            if (medium) {
                double smooth = (oldLen / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                scaled = (1 - smooth) * scaled / factor + smooth * scaled;
            }
            inv[i] = (float) scaled;
        }
    }

    /** HF _compute_yarn_parameters (truncate=true): blend interpolated and extrapolated frequencies. */
    private static void yarn(float[] inv, int dim, double base, RopeScaling s) {
        double maxPos = s.originalMaxPositions();
        double low = Math.floor(correctionDim(s.betaFast(), dim, base, maxPos));
        double high = Math.ceil(correctionDim(s.betaSlow(), dim, base, maxPos));
        low = Math.max(low, 0);
        high = Math.min(high, dim - 1);
        if (low == high) {
            high += 0.001; // avoid a division by zero in the ramp, as HF does
        }
        for (int i = 0; i < inv.length; i++) {
            double posFreq = Math.pow(base, (float) (2 * i) / dim);
            double extrapolation = 1.0 / posFreq;
            double interpolation = 1.0 / (s.factor() * posFreq);
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double extrapolationFactor = 1 - ramp;
            inv[i] = (float) (interpolation * (1 - extrapolationFactor) + extrapolation * extrapolationFactor);
        }
    }

    private static double correctionDim(double rotations, int dim, double base, double maxPos) {
        return (dim * Math.log(maxPos / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
    }
}
