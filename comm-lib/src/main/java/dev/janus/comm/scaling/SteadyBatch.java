package dev.janus.comm.scaling;

import java.util.function.DoubleUnaryOperator;

/**
 * The steady batch of Little's law (Janus, arXiv 2512.13525, §4; DESIGN.md §1.5): a decode batch B is in flight for
 * one TPOT per token, so with λ decode tokens per second {@code B* = λ·TPOT(B*)}. Written in the
 * step time τ, with {@code f(τ) = TPOT(λ·τ)} (non-decreasing), the steady state is the least fixed
 * point {@code τ* = f(τ*)}: a cluster starting empty runs steps τ_0 = f(0), τ_{n+1} = f(τ_n), which
 * rise to τ* (Knaster–Tarski), and no further, so a second, unstable crossing beyond τ* does not
 * matter. We solve for it in three steps: 8 such iterations (each a lower bound of τ*; past the
 * limit means infeasible), then a scan upward in steps of ×1.25 (capped at the limit) for the
 * first τ with {@code f(τ) ≤ τ}, then bisection inside that bracket to a relative 1e-7. The answer
 * is τ* to that precision unless {@code f(τ) − τ} dips below zero and back within one ×1.25 step
 * (not seen with this package's latency model); τ* itself grows with λ and does not depend on the
 * SLO, which is what the planner's monotonicity properties rest on. Bisection rather than the
 * iteration alone, because the iteration crawls near capacity (its rate is λ·dTPOT/dB → 1).
 */
public final class SteadyBatch {

    private SteadyBatch() {
    }

    /**
     * The least τ ≤ {@code limit} with f(τ) ≤ τ (the upper end of the final bracket, so f(τ) ≤ τ
     * holds), or NaN if there is none up to the limit.
     */
    public static double stepTime(DoubleUnaryOperator f, double limit) {
        double lo = 0;
        double tau = f.applyAsDouble(0);
        for (int i = 0; i < 8 && tau > lo; i++) {
            if (tau > limit) {
                return Double.NaN;
            }
            lo = tau;
            tau = f.applyAsDouble(lo);
        }
        if (tau <= lo) {
            return lo; // converged exactly: f(lo) <= lo
        }
        double hi = Math.min(lo * 1.25, limit);
        while (f.applyAsDouble(hi) > hi) {
            if (hi >= limit) {
                return Double.NaN;
            }
            lo = hi;
            hi = Math.min(hi * 1.25, limit);
        }
        while (hi - lo > 1e-7 * hi) {
            double mid = 0.5 * (lo + hi);
            if (f.applyAsDouble(mid) <= mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
