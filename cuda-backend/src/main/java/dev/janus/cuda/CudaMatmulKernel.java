package dev.janus.cuda;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;

/**
 * model-lib's {@link MatmulKernel} on the device for bf16 and block-scaled FP8 weights; other
 * dtypes (f16, int8, f32 test tensors) go to the CPU kernel. Up to {@code tensorCoreMinTokens - 1}
 * tokens run the GEMV (float32 activations, 8 tokens a launch: the decode path, bound by weight
 * reads; FP8 dequantized in float32 exactly as model-lib does); from {@code tensorCoreMinTokens}
 * on the activations are rounded to bf16 and the tensor-core GEMM runs (prefill; FP8 weights
 * rounded to bf16 as their tiles load). With {@link Integer#MAX_VALUE} every call keeps float32
 * activations: the reference precision the golden tests compare with.
 *
 * <p>Activations cross PCIe per call (x up, y down through pinned staging): the dense parts on
 * the device without moving model-lib's forward pass there. Calls are serialised (one stream).
 */
public final class CudaMatmulKernel implements MatmulKernel {

    /** GEMV up to 8 tokens, tensor cores from 9. */
    public static final int DEFAULT_TENSOR_CORE_MIN_TOKENS = LaunchGeometry.GEMV_MAX_TOKENS + 1;

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final DeviceWeights weights;
    private final MatmulKernel cpu;
    private final int tensorCoreMinTokens;
    private final PinnedStaging staging = new PinnedStaging();
    private final DeviceBuffer dx = new DeviceBuffer();
    private final DeviceBuffer dxBf16 = new DeviceBuffer();
    private final DeviceBuffer dy = new DeviceBuffer();
    private float[] packed = new float[0];

    CudaMatmulKernel(CudaDevice device, CudaKernels kernels, DeviceWeights weights, MatmulKernel cpu,
                     int tensorCoreMinTokens) {
        this.device = device;
        this.kernels = kernels;
        this.weights = weights;
        this.cpu = cpu;
        this.tensorCoreMinTokens = tensorCoreMinTokens;
    }

    @Override
    public synchronized void matmul(WeightTensor w, float[] x, int xOff, int xStride,
                                    float[] y, int yOff, int yStride, int tokens) {
        if (!DeviceTensor.supported(w) || tokens == 0) {
            cpu.matmul(w, x, xOff, xStride, y, yOff, yStride, tokens);
            return;
        }
        device.bind();
        int rows = w.rows();
        int cols = w.cols();
        DeviceTensor dw = weights.tensor(w);
        CUdeviceptr in = dx.ensure(4L * tokens * cols);
        CUdeviceptr out = dy.ensure(4L * tokens * rows);
        if (xStride == cols) {
            staging.upload(x, xOff, tokens * cols, in, 0, kernels.stream());
        } else {
            float[] p = pack(tokens * cols);
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(x, xOff + t * xStride, p, t * cols, cols);
            }
            staging.upload(p, 0, tokens * cols, in, 0, kernels.stream());
        }
        if (tokens >= tensorCoreMinTokens) {
            CUdeviceptr inBf16 = dxBf16.ensure(2L * tokens * cols);
            kernels.toBf16(in, inBf16, (long) tokens * cols);
            kernels.gemm(inBf16, dw, out, tokens, rows, cols);
        } else {
            for (int t0 = 0; t0 < tokens; t0 += LaunchGeometry.GEMV_MAX_TOKENS) {
                int n = Math.min(LaunchGeometry.GEMV_MAX_TOKENS, tokens - t0);
                kernels.gemv(dw, in.withByteOffset(4L * t0 * cols), out.withByteOffset(4L * t0 * rows), rows, cols, n);
            }
        }
        if (yStride == rows) {
            staging.download(out, y, yOff, tokens * rows, kernels.stream());
        } else {
            float[] p = pack(tokens * rows);
            staging.download(out, p, 0, tokens * rows, kernels.stream());
            for (int t = 0; t < tokens; t++) {
                System.arraycopy(p, t * rows, y, yOff + t * yStride, rows);
            }
        }
    }

    private float[] pack(int n) {
        if (packed.length < n) {
            packed = new float[n];
        }
        return packed;
    }

    void close() {
        device.bind();
        dx.close();
        dxBf16.close();
        dy.close();
        staging.close();
    }
}
