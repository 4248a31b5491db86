package dev.janus.cuda;

import dev.janus.model.engine.AcceleratorUnavailableException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The device the GPU tests share, opened once. Without one they are skipped with the reason
 * (no CUDA driver / device), except under {@code -Djanus.cuda.required=true} - the GPU run
 * script sets it - where a missing device fails them, so a GPU run cannot pass by skipping.
 * Device arrays here are test-sized and never freed (the process ends).
 */
public final class GpuTests {

    public static final boolean REQUIRED = Boolean.getBoolean("janus.cuda.required");

    private static CudaAccelerator accelerator;
    private static String reason;

    private GpuTests() {
    }

    /** The accelerator, or the calling test is skipped (failed when required). */
    public static synchronized CudaAccelerator accelerator() {
        if (accelerator == null && reason == null) {
            try {
                accelerator = CudaAccelerator.open();
            } catch (AcceleratorUnavailableException e) {
                reason = e.getMessage();
            }
        }
        if (accelerator == null) {
            if (REQUIRED) {
                fail("janus.cuda.required is set but there is no usable CUDA device: " + reason);
            }
            assumeTrue(false, "no CUDA device (" + reason + ")");
        }
        accelerator.device().bind();
        return accelerator;
    }

    public static CudaDeviceArrays arrays() {
        accelerator();
        return new CudaDeviceArrays();
    }

    /** Plain (pageable) copies for tests. */
    public static final class CudaDeviceArrays {

        public CUdeviceptr floats(float[] a) {
            return copy(Pointer.to(a), 4L * a.length);
        }

        public CUdeviceptr ints(int[] a) {
            return copy(Pointer.to(a), 4L * a.length);
        }

        public CUdeviceptr shorts(short[] a) {
            return copy(Pointer.to(a), 2L * a.length);
        }

        public CUdeviceptr zeros(long bytes) {
            CUdeviceptr p = new CUdeviceptr();
            cuMemAlloc(p, Math.max(4, bytes));
            return p;
        }

        public float[] floats(CUdeviceptr p, int n) {
            float[] out = new float[n];
            cuCtxSynchronize();
            cuMemcpyDtoH(Pointer.to(out), p, 4L * n);
            return out;
        }

        public int[] ints(CUdeviceptr p, int n) {
            int[] out = new int[n];
            cuCtxSynchronize();
            cuMemcpyDtoH(Pointer.to(out), p, 4L * n);
            return out;
        }

        private static CUdeviceptr copy(Pointer host, long bytes) {
            CUdeviceptr p = new CUdeviceptr();
            cuMemAlloc(p, Math.max(4, bytes));
            cuMemcpyHtoD(p, host, bytes);
            return p;
        }
    }
}
