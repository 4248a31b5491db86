package dev.janus.cuda;

import jcuda.driver.CUdeviceptr;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

/**
 * Device memory that grows on demand (scratch reused across steps: no allocation once warm), and
 * the one place device memory is allocated and freed ({@link #allocate}, {@link #free}).
 */
final class DeviceBuffer implements AutoCloseable {

    /** At least {@code bytes} of device memory (256 for less: a zero-size cuMemAlloc fails). */
    static CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(bytes, 256));
        return p;
    }

    /** Frees {@code p}; null (nothing allocated) is a no-op. */
    static void free(CUdeviceptr p) {
        if (p != null) {
            cuMemFree(p);
        }
    }

    private CUdeviceptr ptr;
    private long capacity;

    /** The buffer, at least {@code bytes} large; its contents are lost when it grows. */
    CUdeviceptr ensure(long bytes) {
        if (bytes > capacity || ptr == null) {
            close();
            long size = Math.max(bytes, capacity * 3 / 2);
            ptr = allocate(size);
            capacity = Math.max(size, 256);
        }
        return ptr;
    }

    CUdeviceptr ptr() {
        return ptr;
    }

    @Override
    public void close() {
        free(ptr);
        ptr = null;
        capacity = 0;
    }
}
