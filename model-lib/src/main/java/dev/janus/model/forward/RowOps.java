package dev.janus.model.forward;

import dev.janus.model.kernels.VectorMath;

/** Small per-row operations of the forward pass (norms, biases, clamps) on row-major arrays. */
final class RowOps {

    private RowOps() {
    }

    /** HF RMSNorm: {@code w ⊙ x / sqrt(mean(x²) + eps)}, in float32, for each row of width n. */
    static void rmsNorm(float[] x, int xOff, float[] out, int outOff, float[] w, int n, float eps) {
        VectorMath.rmsNorm(out, outOff, x, xOff, w, 0, n, eps);
    }

    static void rmsNormRows(float[] x, float[] out, float[] w, int rows, int n, float eps) {
        for (int r = 0; r < rows; r++) {
            rmsNorm(x, r * n, out, r * n, w, n, eps);
        }
    }

    /** In-place RMSNorm over groups of width n inside rows (per-head or whole-projection q/k norm). */
    static void rmsNormGroups(float[] x, float[] w, int groups, int n, float eps) {
        for (int g = 0; g < groups; g++) {
            rmsNorm(x, g * n, x, g * n, w, n, eps);
        }
    }

    static void addBias(float[] y, float[] bias, int rows) {
        if (bias == null) {
            return;
        }
        int n = bias.length;
        for (int r = 0; r < rows; r++) {
            VectorMath.add(bias, 0, y, r * n, n);
        }
    }

    static void add(float[] y, float[] x, int n) {
        VectorMath.add(x, 0, y, 0, n);
    }

    static void clamp(float[] x, int n, float c) {
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(-c, Math.min(c, x[i]));
        }
    }
}
