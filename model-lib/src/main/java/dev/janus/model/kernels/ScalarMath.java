package dev.janus.model.kernels;

import dev.janus.model.tensor.WeightTensor;

/** Scalar references for {@link VectorMath}: same signatures, plain loops in index order. */
public final class ScalarMath {

    private ScalarMath() {
    }

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    public static void scale(float[] x, int off, int n, float s) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= s;
        }
    }

    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] w, int wOff, int n, float eps) {
        float ss = 0f;
        for (int i = 0; i < n; i++) {
            ss += x[xOff + i] * x[xOff + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = w[wOff + i] * (x[xOff + i] * inv);
        }
    }

    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - max);
            sum += x[off + i];
        }
        for (int i = 0; i < n; i++) {
            x[off + i] /= sum;
        }
    }

    public static void siluMul(float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = a[aOff + i];
            a[aOff + i] = v / (1f + (float) Math.exp(-v)) * b[bOff + i];
        }
    }

    public static void widenRow(WeightTensor w, int row, float[] dst, int off) {
        w.copyRow(row, dst, off);
    }
}
