package dev.janus.model.kernels;

import dev.janus.model.tensor.WeightTensor;

/** The reference: one scalar loop, double-free float accumulation in input order. */
public final class ScalarMatmulKernel implements MatmulKernel {

    @Override
    public void matmul(WeightTensor w, float[] x, int xOff, int xStride,
                       float[] y, int yOff, int yStride, int tokens) {
        int out = w.rows();
        int in = w.cols();
        for (int t = 0; t < tokens; t++) {
            int xb = t * xStride + xOff;
            int yb = t * yStride + yOff;
            for (int o = 0; o < out; o++) {
                float acc = 0f;
                for (int i = 0; i < in; i++) {
                    acc += w.get(o, i) * x[xb + i];
                }
                y[yb + o] = acc;
            }
        }
    }
}
