package dev.janus.model.kernels;

import dev.janus.model.tensor.WeightTensor;

/**
 * Linear-layer kernels over weight tensors of any {@link dev.janus.model.tensor.DType}.
 * Activations are row-major float32 arrays; a weight {@code w} of shape {@code [out, in]}
 * computes {@code y = W x} per token (HF {@code nn.Linear} without bias).
 *
 * <p>Implementations: {@link ScalarMatmulKernel} (the reference every other implementation is
 * tested against) and a Vector API implementation that splits output rows over a fixed
 * {@link ComputePool}. Implementations must not allocate per call.
 */
public interface MatmulKernel {

    /**
     * {@code y[t*yStride + yOff + o] = sum_i w[o, i] * x[t*xStride + xOff + i]} for
     * {@code t < tokens}, {@code o < w.rows()}, {@code i < w.cols()}.
     * Overwrites the output range; reads each weight row once per call whatever {@code tokens}.
     */
    void matmul(WeightTensor w, float[] x, int xOff, int xStride,
                float[] y, int yOff, int yStride, int tokens);

    /** Contiguous form: x is {@code [tokens, in]}, y is {@code [tokens, out]}. */
    default void matmul(WeightTensor w, float[] x, float[] y, int tokens) {
        matmul(w, x, 0, w.cols(), y, 0, w.rows(), tokens);
    }
}
