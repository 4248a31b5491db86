package dev.janus.comm.scaling;

import java.util.stream.IntStream;

/**
 * Non-negative least squares for a handful of unknowns (the latency model's 3 constants per
 * stage): {@code min ||X·c − y||²} subject to {@code c ≥ 0}. With p ≤ 6 unknowns the exact answer
 * is found by solving the normal equations on every subset of active columns (2^p small solves)
 * and keeping the best non-negative one — simpler to trust than an active-set iteration, and the
 * optimum of an NNLS problem is the unconstrained optimum on its support.
 */
public final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * @param x {@code [samples][p]} features, p ≤ 6
     * @param y {@code [samples]} targets
     * @return {@code [p]} non-negative coefficients (0 for inactive columns)
     */
    public static double[] nonNegative(double[][] x, double[] y) {
        int p = x.length == 0 ? 0 : x[0].length;
        if (p == 0 || p > 6 || x.length != y.length) {
            throw new IllegalArgumentException("need 1..6 features and one target per sample");
        }
        double[] best = new double[p];
        double bestError = sse(x, y, best);
        for (int mask = 1; mask < 1 << p; mask++) {
            double[] c = solveOn(x, y, mask, p);
            if (c != null && sse(x, y, c) < bestError) {
                best = c;
                bestError = sse(x, y, c);
            }
        }
        return best;
    }

    static double sse(double[][] x, double[] y, double[] c) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = predict(x[i], c) - y[i];
            sum += r * r;
        }
        return sum;
    }

    static double predict(double[] row, double[] c) {
        double v = 0;
        for (int j = 0; j < c.length; j++) {
            v += row[j] * c[j];
        }
        return v;
    }

    /** Normal equations on the columns in {@code mask}; null if singular or any coefficient < 0. */
    private static double[] solveOn(double[][] x, double[] y, int mask, int p) {
        int[] cols = IntStream.range(0, p).filter(j -> (mask >> j & 1) == 1).toArray();
        int k = cols.length;
        double[] scale = new double[k]; // column norms: bytes and flops are 1e9 apart
        for (int a = 0; a < k; a++) {
            for (double[] row : x) {
                scale[a] += row[cols[a]] * row[cols[a]];
            }
            scale[a] = scale[a] > 0 ? Math.sqrt(scale[a]) : 1;
        }
        double[][] m = new double[k][k + 1];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    m[a][b] += row[cols[a]] / scale[a] * row[cols[b]] / scale[b];
                }
                m[a][k] += row[cols[a]] / scale[a] * y[i];
            }
        }
        for (int col = 0; col < k; col++) { // Gaussian elimination with partial pivoting
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                pivot = Math.abs(m[r][col]) > Math.abs(m[pivot][col]) ? r : pivot;
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[col][col]) < 1e-12) {
                return null;
            }
            for (int r = 0; r < k; r++) {
                double f = r == col ? 0 : m[r][col] / m[col][col];
                for (int c = col; c <= k; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] out = new double[p];
        for (int a = 0; a < k; a++) {
            out[cols[a]] = m[a][k] / m[a][a] / scale[a];
            if (out[cols[a]] < 0) {
                return null;
            }
        }
        return out;
    }
}
