package dev.janus.benchmarks.load;

import java.util.Arrays;

/**
 * p50 / p90 / p99 of a sample, linear interpolation between closest ranks (Hyndman and Fan
 * type 7, numpy's default): with 16 requests a nearest-rank p99 would just be the maximum.
 *
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 */
record Percentiles(double p50, double p90, double p99) {

    static final Percentiles NONE = new Percentiles(Double.NaN, Double.NaN, Double.NaN);

    static Percentiles of(double[] values) {
        if (values.length == 0) {
            return NONE;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
    }

    /** The p-th percentile (0..100) of ascending values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " values");
        }
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
