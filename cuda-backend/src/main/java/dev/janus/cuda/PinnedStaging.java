package dev.janus.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

/**
 * Page-locked host memory between Java arrays (or mapped weights) and the device: copies from
 * pinned memory run at full PCIe speed and asynchronously on the stream, pageable ones do not.
 * Grows on demand; one user at a time.
 */
final class PinnedStaging implements AutoCloseable {

    private Pointer host;
    private MemorySegment segment = MemorySegment.NULL;
    private long capacity;

    MemorySegment ensure(long bytes) {
        if (bytes > capacity) {
            close();
            long size = Math.max(bytes, Math.max(1 << 20, capacity * 3 / 2));
            host = new Pointer();
            cuMemAllocHost(host, size);
            ByteBuffer buffer = host.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
            segment = MemorySegment.ofBuffer(buffer);
            capacity = size;
        }
        return segment;
    }

    /** Copies {@code n} floats of {@code src} from {@code off} to the device at {@code dst + dstByte}. */
    void upload(float[] src, int off, int n, CUdeviceptr dst, long dstByte, CUstream stream) {
        MemorySegment s = ensure(4L * n);
        MemorySegment.copy(src, off, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, n);
        cuMemcpyHtoDAsync(dst.withByteOffset(dstByte), host, 4L * n, stream);
        cuStreamSynchronize(stream); // the staging buffer is reused by the next copy
    }

    void upload(int[] src, int n, CUdeviceptr dst, CUstream stream) {
        MemorySegment s = ensure(4L * n);
        MemorySegment.copy(src, 0, s, ValueLayout.JAVA_INT_UNALIGNED, 0, n);
        cuMemcpyHtoDAsync(dst, host, 4L * n, stream);
        cuStreamSynchronize(stream);
    }

    void upload(long[] src, int n, CUdeviceptr dst, CUstream stream) {
        MemorySegment s = ensure(8L * n);
        MemorySegment.copy(src, 0, s, ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
        cuMemcpyHtoDAsync(dst, host, 8L * n, stream);
        cuStreamSynchronize(stream);
    }

    /** Copies {@code bytes} of a (mapped) segment to the device in pieces of at most {@code chunk} bytes. */
    void upload(MemorySegment src, CUdeviceptr dst, CUstream stream, long chunk) {
        long total = src.byteSize();
        MemorySegment s = ensure(Math.min(total, chunk));
        for (long done = 0; done < total; done += chunk) {
            long n = Math.min(chunk, total - done);
            MemorySegment.copy(src, done, s, 0, n);
            cuMemcpyHtoDAsync(dst.withByteOffset(done), host, n, stream);
            cuStreamSynchronize(stream);
        }
    }

    /** Copies {@code n} floats from the device into {@code dst[off ..]}, waiting for the stream first. */
    void download(CUdeviceptr src, float[] dst, int off, int n, CUstream stream) {
        MemorySegment s = ensure(4L * n);
        cuMemcpyDtoHAsync(host, src, 4L * n, stream);
        cuStreamSynchronize(stream);
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, dst, off, n);
    }

    void download(CUdeviceptr src, int[] dst, int n, CUstream stream) {
        MemorySegment s = ensure(4L * n);
        cuMemcpyDtoHAsync(host, src, 4L * n, stream);
        cuStreamSynchronize(stream);
        MemorySegment.copy(s, ValueLayout.JAVA_INT_UNALIGNED, 0, dst, 0, n);
    }

    @Override
    public void close() {
        if (host != null) {
            cuMemFreeHost(host);
            host = null;
            segment = MemorySegment.NULL;
            capacity = 0;
        }
    }
}
