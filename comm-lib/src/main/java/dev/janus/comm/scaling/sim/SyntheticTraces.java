package dev.janus.comm.scaling.sim;

import java.util.SplittableRandom;

/**
 * Generated traces, drawn per slice (fluid counts), seeded.
 *
 * <p><b>Poisson</b>: a constant rate λ; a slice's count has mean and variance λΔ (drawn from a
 * Gamma with that mean and variance, which for λΔ ≥ 20 is within a few percent of the Poisson).
 *
 * <p><b>Diurnal</b>, shaped like BurstGPT (Wang et al., "BurstGPT: A Real-world Workload Dataset to
 * Optimize LLM Serving Systems", arXiv 2401.17644: Azure OpenAI GPT traces, whose point is that
 * real LLM load is bursty and varies, so Poisson at a constant rate flatters a system). What we
 * use, and which parts are ours: the mean rate follows a day curve
 * {@code λ(t) = λ̄·(1 + A·cos(2π(t_h − 14)/24))} with A = 0.6 (peak at 14:00, trough at 02:00,
 * peak / trough = 4, peak / mean = 1.6) — our choice of a smooth working-day cycle, not a fit to
 * BurstGPT's data; and bursts: inter-arrivals Gamma-distributed with CV² = {@link #BURST_CV2}
 * (CV = 2, Poisson has 1), our assumption for "bursty". By the renewal central limit theorem a
 * slice of Δ then holds a count of mean λΔ and variance CV²·λΔ, drawn here as a Gamma with those
 * moments (non-negative, O(1) per slice).
 */
public final class SyntheticTraces {

    /** Squared coefficient of variation of the diurnal trace's inter-arrival times. */
    public static final double BURST_CV2 = 4.0;
    /** Day-curve amplitude A: λ ranges over λ̄·[1 − A, 1 + A]. */
    public static final double DIURNAL_AMPLITUDE = 0.6;

    private SyntheticTraces() {
    }

    public static SliceTrace poisson(double rate, double hours, double sliceSeconds, int prompt, int output, long seed) {
        return generate("poisson", rate, hours, sliceSeconds, prompt, output, seed, 1.0, 0);
    }

    /** @param meanRate λ̄, the rate averaged over the day */
    public static SliceTrace diurnal(double meanRate, double hours, double sliceSeconds, int prompt, int output,
                                     long seed) {
        return generate("diurnal", meanRate, hours, sliceSeconds, prompt, output, seed, BURST_CV2, DIURNAL_AMPLITUDE);
    }

    /** The day curve λ(t)/λ̄ at t seconds since midnight. */
    public static double diurnalShape(double seconds) {
        return 1 + DIURNAL_AMPLITUDE * Math.cos(2 * Math.PI * (seconds / 3600.0 - 14) / 24);
    }

    private static SliceTrace generate(String name, double rate, double hours, double dt, int prompt, int output,
                                       long seed, double cv2, double amplitude) {
        if (!(rate > 0) || !(hours > 0) || !(dt > 0) || prompt < 0 || output <= 0) {
            throw new IllegalArgumentException("a synthetic trace needs rate > 0, hours > 0, slice > 0, prompt >= 0"
                    + " and output > 0 tokens");
        }
        int n = (int) Math.ceil(hours * 3600 / dt);
        double[] requests = new double[n];
        double[] prompts = new double[n];
        double[] outputs = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * dt;
            double shape = amplitude == 0 ? 1 : 1 + amplitude * Math.cos(2 * Math.PI * (t / 3600.0 - 14) / 24);
            double mean = rate * shape * dt;
            requests[i] = mean <= 0 ? 0 : cv2 * GammaSampler.sample(random, mean / cv2);
            prompts[i] = requests[i] * prompt;
            outputs[i] = requests[i] * output;
        }
        return new SliceTrace(name, dt, requests, prompts, outputs);
    }
}
