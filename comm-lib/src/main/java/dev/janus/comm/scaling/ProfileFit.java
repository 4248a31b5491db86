package dev.janus.comm.scaling;

import java.util.List;

/**
 * Fits a stage's constants to measured per-layer times, for profiles made from the real services
 * (the {@code profile} command sweeps batch sizes and contexts and calls this). The fitted form is
 * the additive one ({@link StageCost} with roofline false), linear in its constants:
 * <pre>
 *   attention: t = c + bytes(b, ctx)·x + flops(b, ctx)·y     bytes = W_a + b·ctx·kv,  flops = 2·P_a·b + b·ctx·f_ctx
 *   moe:       t = c + a·W_e·x + 2·P_e·r·y                      a activated experts, r rows
 * </pre>
 * (the model's own byte and flop counts, {@link LayerLatency}), so non-negative least squares
 * ({@link LeastSquares}) gives overhead c, seconds per byte x and per flop y, and the residuals
 * give the fit error stored with the profile. The constant part of the bytes (W_a) is not
 * separable from c by the data alone; the fit attributes it through x, learnt from how time grows
 * with b·ctx. Additive rather than max: a CPU does not overlap its loads and arithmetic the way a
 * GPU's roofline assumes, and a max is not linear in the constants.
 */
public final class ProfileFit {

    /** One measured attention layer step: b tokens at context ctx took {@code nanos}. */
    public record AttentionSample(double batch, double context, double nanos) {
    }

    /** One measured MoE layer step on the busiest instance. */
    public record MoeSample(double activatedExperts, double rows, double nanos) {
    }

    /**
     * Fitted constants and how well they match.
     *
     * @param rmsErrorNanos    root mean square of the residuals
     * @param maxRelativeError largest |residual| / measured time
     */
    public record StageFit(StageCost cost, int samples, double rmsErrorNanos, double maxRelativeError) {

        /** The profile section for these constants (effective rates, efficiency 1; 0 = no such cost). */
        public HardwareProfile.Stage toStage(String source) {
            HardwareProfile.Constant one = new HardwareProfile.Constant(1, "fitted profiles store effective rates");
            return new HardwareProfile.Stage(new HardwareProfile.Constant(cost.overheadNanos() / 1e3, source),
                    new HardwareProfile.Constant(rate(cost.nanosPerByte()), source), one,
                    new HardwareProfile.Constant(rate(cost.nanosPerFlop()), source), one);
        }

        private static double rate(double nanosPerUnit) {
            return nanosPerUnit > 0 ? 1e9 / nanosPerUnit : 0;
        }
    }

    private ProfileFit() {
    }

    public static StageFit attention(ModelDescription model, List<AttentionSample> samples) {
        double[][] x = new double[samples.size()][];
        double[] y = new double[samples.size()];
        double weights = model.attentionParamsPerMoeLayer() * model.weightBytes();
        for (int i = 0; i < samples.size(); i++) {
            AttentionSample s = samples.get(i);
            double kvReads = s.batch() * s.context();
            x[i] = new double[] {1, weights + kvReads * model.kvBytesPerTokenPerLayer(),
                    2.0 * model.attentionParamsPerMoeLayer() * s.batch() + kvReads * model.attention().flopsPerContextToken()};
            y[i] = s.nanos();
        }
        return fit(x, y);
    }

    public static StageFit moe(ModelDescription model, List<MoeSample> samples) {
        double[][] x = new double[samples.size()][];
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            MoeSample s = samples.get(i);
            x[i] = new double[] {1, s.activatedExperts() * model.expertBytes(), 2.0 * model.expertParams() * s.rows()};
            y[i] = s.nanos();
        }
        return fit(x, y);
    }

    private static StageFit fit(double[][] x, double[] y) {
        if (y.length < 3) {
            throw new IllegalArgumentException("a fit of 3 constants needs at least 3 samples, got " + y.length);
        }
        double[] c = LeastSquares.nonNegative(x, y);
        double maxRelative = 0;
        for (int i = 0; i < y.length; i++) {
            maxRelative = Math.max(maxRelative, Math.abs(LeastSquares.predict(x[i], c) - y[i]) / y[i]);
        }
        return new StageFit(new StageCost(c[0], c[1], c[2], false), y.length,
                Math.sqrt(LeastSquares.sse(x, y, c) / y.length), maxRelative);
    }
}
