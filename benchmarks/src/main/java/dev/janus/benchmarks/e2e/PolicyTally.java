package dev.janus.benchmarks.e2e;

import java.util.Arrays;

/**
 * What one scheduling policy (or placement) cost over the timed decode steps of one batch size:
 * the wall time of every step, and per MoE layer call the plan's a_max, activated experts and max rows
 * ({@code PlanMetrics}), the call's wall time (send to last answer) and the MoE instances' CPU
 * time (slowest instance and all together).
 */
final class PolicyTally {

    private final String policy;
    private long[] stepNanos = new long[256];
    private int steps;
    private long layerCalls;
    private long aMaxSum;
    private long activatedSum;
    private long maxRowsSum;
    private long slowestInstanceCpuNanos;
    private long allInstancesCpuNanos;
    private long moeWallNanos;
    private long slowestInstanceWallNanos;
    private double othersCpuSeconds;
    private long timedNanos;

    /** @param policy the scheduling policy or placement this tally is for, as reports name it */
    PolicyTally(String policy) {
        this.policy = policy;
    }

    String policy() {
        return policy;
    }

    void addStep(long nanos) {
        if (steps == stepNanos.length) {
            stepNanos = Arrays.copyOf(stepNanos, 2 * steps);
        }
        stepNanos[steps++] = nanos;
    }

    void addPlan(int aMax, int activated, long maxRows) {
        layerCalls++;
        aMaxSum += aMax;
        activatedSum += activated;
        maxRowsSum += maxRows;
    }

    void addExpertCall(long wallNanos, long slowestWall, long slowestCpu, long allCpu) {
        moeWallNanos += wallNanos;
        slowestInstanceWallNanos += slowestWall;
        slowestInstanceCpuNanos += slowestCpu;
        allInstancesCpuNanos += allCpu;
    }

    int steps() {
        return steps;
    }

    /** Step wall time at quantile q (nearest rank), in ms. */
    double stepMillis(double q) {
        long[] sorted = Arrays.copyOf(stepNanos, steps);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * steps) - 1;
        return sorted[Math.clamp(rank, 0, steps - 1)] / 1e6;
    }

    double meanStepMillis() {
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += stepNanos[i];
        }
        return sum / 1e6 / steps;
    }

    /** Mean a_max per MoE layer call. */
    double meanAMax() {
        return (double) aMaxSum / layerCalls;
    }

    /** Mean activated physical experts per MoE layer call, all instances together. */
    double meanActivated() {
        return (double) activatedSum / layerCalls;
    }

    double meanMaxRows() {
        return (double) maxRowsSum / layerCalls;
    }

    /** Per step: wall time of the MoE layers' expert calls as the attention side waits for them, ms. */
    double moeWallMillisPerStep() {
        return moeWallNanos / 1e6 / steps;
    }

    /** Per step: sum over MoE layers of the longest serving wall time of one instance, ms. */
    double slowestInstanceWallMillisPerStep() {
        return slowestInstanceWallNanos / 1e6 / steps;
    }

    /** A block of this policy's steps took {@code nanos} while other processes used {@code cpuSeconds}. */
    void addBlock(long nanos, double cpuSeconds) {
        timedNanos += nanos;
        othersCpuSeconds += cpuSeconds;
    }

    /** Cores other processes kept busy, on average, while this policy's blocks ran. */
    double othersCores() {
        return othersCpuSeconds / (timedNanos / 1e9);
    }

    /** Per step: sum over MoE layers of the slowest instance's CPU time, ms. */
    double slowestInstanceMillisPerStep() {
        return slowestInstanceCpuNanos / 1e6 / steps;
    }

    /** Per step: CPU time of all MoE instances together, ms. */
    double allInstancesMillisPerStep() {
        return allInstancesCpuNanos / 1e6 / steps;
    }
}
