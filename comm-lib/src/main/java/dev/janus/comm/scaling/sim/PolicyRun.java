package dev.janus.comm.scaling.sim;

import dev.janus.comm.scaling.Deployment;
import dev.janus.comm.scaling.Sizing;
import dev.janus.comm.scaling.TpotModel;

/** One policy over one trace: its deployments over time, its fluid batch and its tallies. */
final class PolicyRun {

    /** Extra load a scale-in is planned for (hysteresis). */
    static final double SCALE_IN_MARGIN = 0.05;

    private final SimPolicy policy;
    private final SliceTrace trace;
    private final SizingCache cache;
    private final SimulationOptions options;
    private final double[] meanTokens;
    private final FluidBatch batch;

    PolicyRun(SimPolicy policy, SliceTrace trace, SizingCache cache, SimulationOptions options, double[] meanTokens,
              boolean chunkedPrefill, TpotModel model) {
        this.policy = policy;
        this.trace = trace;
        this.cache = cache;
        this.options = options;
        this.meanTokens = meanTokens;
        this.batch = new FluidBatch(model, chunkedPrefill);
    }

    /** @param fixedRate the rate a fixed-size policy is planned for; NaN = re-planned (Janus) */
    PolicyOutcome simulate(double fixedRate) {
        boolean scaled = Double.isNaN(fixedRate);
        double dt = trace.sliceSeconds();
        int n = trace.slices();
        int window = Math.max(1, (int) Math.round(options.replanSeconds() / dt));
        double startRate = scaled ? windowRate(Math.min(n, window) - 1, window) : fixedRate;
        Sizing first = cache.sizing(policy, startRate * (1 + options.headroom()));
        if (!first.feasible()) {
            return PolicyOutcome.infeasible(policy, first.reason());
        }
        Deployment current = cache.deployment(policy, first);
        RequestLengths single = trace.perRequest();
        double[] context = single == null ? null : single.decodeContext(n);
        batch.settle(current, trace.requests()[0] / dt, meanTokens[0], meanTokens[1]);
        Deployment pending = null;
        double readyAt = 0;
        double lastChange = 0;
        int changes = 0;
        float[] gpus = new float[n];
        float[] tpot = new float[n];
        double gpuSeconds = 0;
        double met = 0;
        double outputs = 0;
        double outputsMet = 0;
        int peak = 0;
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            if (pending != null && t >= readyAt) {
                current = pending;
                pending = null;
                lastChange = t;
                changes++;
            }
            if (scaled && i > 0 && i % window == 0 && pending == null) {
                Sizing target = cache.sizing(policy, windowRate(i - 1, window) * (1 + options.headroom()));
                Deployment wanted = target.feasible() ? cache.deployment(policy, target) : current;
                if (wanted.gpus() > current.gpus()) {
                    pending = wanted;
                    readyAt = t + options.startupSeconds();
                } else if (!wanted.equals(current) && t - lastChange >= options.scaleInCooldownSeconds()) {
                    Deployment smaller = scaleInTarget(windowRate(i - 1, window));
                    if (smaller != null && !smaller.equals(current) && smaller.gpus() <= current.gpus()) {
                        current = smaller;
                        lastChange = t;
                        changes++;
                    }
                }
            }
            int paid = Math.max(current.gpus(), pending == null ? 0 : pending.gpus());
            double requests = trace.requests()[i];
            double prompt = requests > 0 ? trace.promptTokens()[i] / requests : meanTokens[0];
            double output = requests > 0 ? trace.outputTokens()[i] / requests : meanTokens[1];
            double tau = context != null && !Double.isNaN(context[i])
                    ? batch.advance(current, requests / dt, prompt, output, context[i], dt)
                    : batch.advance(current, requests / dt, prompt, output, dt);
            gpus[i] = paid;
            tpot[i] = (float) (tau / 1e6);
            gpuSeconds += paid * dt;
            peak = Math.max(peak, paid);
            outputs += trace.outputTokens()[i];
            if (tau <= options.sloMs() * 1e6 * (1 + 1e-9)) {
                met += requests;
                outputsMet += trace.outputTokens()[i];
            }
        }
        if (single != null) { // each request over its own lifetime (RequestLengths)
            RequestLengths.Tally tally = single.tally(tpot, dt, options.sloMs());
            met = tally.requestsMet();
            outputsMet = tally.outputsMet();
        }
        double total = trace.totalRequests();
        return new PolicyOutcome(policy, true, null, gpuSeconds / 3600, total > 0 ? met / total : 1,
                outputs / gpuSeconds, outputsMet / gpuSeconds, gpuSeconds / trace.seconds(), peak, changes, gpus, tpot,
                shape(first));
    }

    /**
     * Hysteresis: a scale-in (or reshape) is planned for {@link #SCALE_IN_MARGIN} more load than a
     * scale-out, so a rate wobbling around a size boundary does not flip the cluster every cooldown.
     */
    private Deployment scaleInTarget(double rate) {
        Sizing s = cache.sizing(policy, rate * (1 + options.headroom()) * (1 + SCALE_IN_MARGIN));
        return s.feasible() ? cache.deployment(policy, s) : null;
    }

    /** Mean arrival rate over the {@code window} slices ending at {@code last} (what the scaler observed). */
    private double windowRate(int last, int window) {
        double sum = 0;
        int from = Math.max(0, last - window + 1);
        for (int j = from; j <= last; j++) {
            sum += trace.requests()[j];
        }
        return sum / ((last - from + 1) * trace.sliceSeconds());
    }

    private static String shape(Sizing s) {
        return s.attentionInstances() == s.moeInstances() && s.gpus() == s.attentionInstances()
                ? s.gpus() + " colocated" : s.attentionInstances() + "a+" + s.moeInstances() + "e";
    }
}
