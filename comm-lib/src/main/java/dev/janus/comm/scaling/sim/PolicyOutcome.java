package dev.janus.comm.scaling.sim;

/**
 * One policy over the whole trace.
 *
 * @param feasible                  false when its planner found no size for the load (then {@code reason})
 * @param gpuHours                  GPUs paid for, integrated over the trace (starting GPUs included)
 * @param sloAttainment             fraction of requests whose TPOT ≤ the SLO
 * @param tokensPerSecondPerGpu     output tokens per GPU-second, all requests
 * @param goodputPerGpu             output tokens per GPU-second of the requests that met the SLO
 *                                  ("tokens/s per GPU at the SLO")
 * @param meanGpus                  GPU-hours / hours
 * @param peakGpus                  most GPUs at once
 * @param changes                   deployments applied after the first (0 for fixed-size policies)
 * @param gpus                      [slices] GPUs paid for in each slice
 * @param tpotMs                    [slices] TPOT of each slice
 * @param firstShape                n_a + n_e (or G) of the first deployment, e.g. "4a+6e" or "8 colocated"
 */
public record PolicyOutcome(SimPolicy policy, boolean feasible, String reason, double gpuHours, double sloAttainment,
                            double tokensPerSecondPerGpu, double goodputPerGpu, double meanGpus, int peakGpus,
                            int changes, float[] gpus, float[] tpotMs, String firstShape) {

    public static PolicyOutcome infeasible(SimPolicy policy, String reason) {
        return new PolicyOutcome(policy, false, reason, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                0, new float[0], new float[0], "-");
    }
}
