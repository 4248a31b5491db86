package dev.janus.comm.scaling.sim;

/**
 * What the simulator assumes besides the trace and the planner.
 *
 * @param sloMs                  TPOT SLO; a request meets it when the TPOT of its slice is ≤ this
 * @param replanSeconds          the scaler's decision interval; also the window the observed rate is
 *                               averaged over and the window the baselines' peak is taken over
 * @param scaleInCooldownSeconds no scale-in sooner than this after the last change (hysteresis:
 *                               scale out at once, scale in slowly, as scaler-service does)
 * @param startupSeconds         a scale-out's new GPUs are paid for from the decision and serve
 *                               only after this (start, load weights, apply the placement)
 * @param headroom               every policy plans for (1 + headroom) × its rate
 * @param baselineSizing         the load the fixed-size baselines are planned for
 */
public record SimulationOptions(double sloMs, double replanSeconds, double scaleInCooldownSeconds,
                                double startupSeconds, double headroom, BaselineSizing baselineSizing) {

    public SimulationOptions {
        if (!(sloMs > 0) || !(replanSeconds > 0) || !(scaleInCooldownSeconds >= 0) || !(startupSeconds >= 0)
                || !(headroom >= 0) || baselineSizing == null) {
            throw new IllegalArgumentException("simulation options need slo > 0, replan interval > 0, cooldown,"
                    + " startup and headroom >= 0 and a baseline sizing");
        }
    }

    /** SLO as given; re-plan every 60 s, scale in no sooner than 5 min after a change, 60 s start, 10 % headroom. */
    public static SimulationOptions defaults(double sloMs) {
        return new SimulationOptions(sloMs, 60, 300, 60, 0.10, BaselineSizing.PEAK);
    }

    public SimulationOptions withBaselineSizing(BaselineSizing sizing) {
        return new SimulationOptions(sloMs, replanSeconds, scaleInCooldownSeconds, startupSeconds, headroom, sizing);
    }
}
