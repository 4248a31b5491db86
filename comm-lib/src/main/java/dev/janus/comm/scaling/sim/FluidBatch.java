package dev.janus.comm.scaling.sim;

import dev.janus.comm.scaling.Deployment;
import dev.janus.comm.scaling.StepLoad;
import dev.janus.comm.scaling.TpotModel;

/**
 * The decode batch of one cluster as a fluid, advanced one slice at a time (the aggregation that
 * makes 24 h at 1,000 requests/s take seconds). N requests are decoding; each needs O tokens at
 * one step τ = TPOT(N) apiece, so it stays T = O·τ and the batch leaves at N/T. With the arrival
 * rate λ of the slice and τ frozen over it, {@code dN/dt = λ − N/T} has the exact solution
 * {@code N' = N·e^{−Δ/T} + λT·(1 − e^{−Δ/T})} (stable for any Δ). Its fixed point N = λ·T =
 * λ·O·τ(N) is the planner's Little's-law steady batch (paper §4; {@code SteadyBatch}), so a slice
 * at a steady load reproduces the planner exactly, and a change of load relaxes toward it over one
 * request lifetime T (O = 256 tokens at τ = 50 ms: 13 s), as a real continuous batch does. Sound
 * while Δ is short against how fast λ changes (a diurnal curve moves ~0.5 % a minute; Δ = 1 s)
 * and while N is large enough to be a fluid (hundreds of requests at these rates). Not modelled:
 * the order of requests inside a slice, queueing for KV memory (an overloaded batch just grows and
 * its TPOT misses the SLO). Lengths: the slice's means, and for a trace with single requests
 * (RequestLengths) the batch's output-weighted mean context.
 */
final class FluidBatch {

    private final TpotModel model;
    private final boolean chunkedPrefill;
    private double running;
    private double tauNanos;

    FluidBatch(TpotModel model, boolean chunkedPrefill) {
        this.model = model;
        this.chunkedPrefill = chunkedPrefill;
    }

    /** Starts at the steady batch of the rate, as a cluster that has served it for a while. */
    void settle(Deployment d, double rate, double prompt, double output) {
        for (int i = 0; i < 200; i++) {
            advance(d, rate, prompt, output, 1e5); // Δ ≫ T: each call is one step N ← λ·O·τ(N), rising to the least fixed point
        }
    }

    /**
     * One slice of Δ seconds at λ requests/s of mean prompt and output lengths; returns the TPOT
     * (ns) the slice's requests see, evaluated on the batch at the end of the slice.
     */
    double advance(Deployment d, double rate, double prompt, double output, double dt) {
        return advance(d, rate, prompt, output, prompt + output / 2, dt);
    }

    /** The same with the batch's mean decode context given (output-weighted, from single requests). */
    double advance(Deployment d, double rate, double prompt, double output, double context, double dt) {
        double before = tpot(d, running, rate * prompt, context, prompt);
        double life = output * before * 1e-9;
        double decay = Math.exp(-dt / life);
        running = running * decay + rate * life * (1 - decay);
        tauNanos = tpot(d, running, rate * prompt, context, prompt);
        return tauNanos;
    }

    private double tpot(Deployment d, double batch, double promptTokensPerSecond, double context, double prompt) {
        // prompt tokens riding along in a step (chunked prefill): Little's law on prompt tokens at the last τ
        double prefill = chunkedPrefill ? promptTokensPerSecond * tauNanos * 1e-9 : 0;
        return model.tpotNanos(d, new StepLoad(batch, prefill, context, prompt / 2));
    }

    double running() {
        return running;
    }
}
