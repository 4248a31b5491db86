package dev.janus.model.kernels;

/**
 * Splits activation rows into even and odd lanes for the 16-bit weight kernels
 * ({@link HalfFloats}). Per token, {@code dst[t*in ..]} holds
 * {@code [x0 x2 x4 .. | x1 x3 x5 .. | x_{in-1} if in is odd]}: {@code in} floats.
 */
final class Deinterleave {

    private Deinterleave() {
    }

    static void tokens(float[] x, int xOff, int xStride, int in, int tokens, float[] dst) {
        int half = in >>> 1;
        for (int t = 0; t < tokens; t++) {
            int src = t * xStride + xOff;
            int even = t * in;
            int odd = even + half;
            for (int j = 0; j < half; j++) {
                dst[even + j] = x[src + 2 * j];
                dst[odd + j] = x[src + 2 * j + 1];
            }
            if ((in & 1) != 0) {
                dst[even + 2 * half] = x[src + in - 1];
            }
        }
    }
}
