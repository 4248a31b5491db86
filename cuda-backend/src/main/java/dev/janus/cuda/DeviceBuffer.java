package dev.janus.cuda;

import jcuda.driver.CUdeviceptr;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

/** Device memory that grows on demand (scratch reused across steps: no allocation once warm). */
final class DeviceBuffer implements AutoCloseable {

    private CUdeviceptr ptr;
    private long capacity;

    /** The buffer, at least {@code bytes} large; its contents are lost when it grows. */
    CUdeviceptr ensure(long bytes) {
        if (bytes > capacity || ptr == null) {
            close();
            long size = Math.max(bytes, Math.max(256, capacity * 3 / 2));
            ptr = new CUdeviceptr();
            cuMemAlloc(ptr, size);
            capacity = size;
        }
        return ptr;
    }

    CUdeviceptr ptr() {
        return ptr;
    }

    @Override
    public void close() {
        if (ptr != null) {
            cuMemFree(ptr);
            ptr = null;
            capacity = 0;
        }
    }
}
