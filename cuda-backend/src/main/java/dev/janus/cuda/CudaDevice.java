package dev.janus.cuda;

import dev.janus.model.engine.AcceleratorUnavailableException;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;

/**
 * One CUDA device through JCuda's driver API, with its primary context (the one the runtime and
 * PyTorch share). The driver's current context is per thread: every entry point that touches the
 * device calls {@link #bind()} first, so the engine thread and gRPC threads can all use it.
 */
public final class CudaDevice implements AutoCloseable {

    /** Tensor-core bf16 (mma.sync m16n8k16) needs compute capability 8.0. */
    static final int MIN_COMPUTE_CAPABILITY = 80;

    private static volatile String firstLinkFailure;

    private final CUdevice device;
    private final CUcontext context;
    private final String name;
    private final int computeCapability; // major * 10 + minor
    private final long totalMemory;

    private CudaDevice(CUdevice device, CUcontext context, String name, int computeCapability, long totalMemory) {
        this.device = device;
        this.context = context;
        this.name = name;
        this.computeCapability = computeCapability;
        this.totalMemory = totalMemory;
    }

    /** Opens device {@code ordinal}; throws with the reason when the driver or the device is missing. */
    public static CudaDevice open(int ordinal) throws AcceleratorUnavailableException {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] <= ordinal) {
                throw new AcceleratorUnavailableException("no CUDA device " + ordinal + " (" + count[0] + " found)");
            }
            CUdevice device = new CUdevice();
            cuDeviceGet(device, ordinal);
            int[] major = new int[1];
            int[] minor = new int[1];
            cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
            cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
            int cc = major[0] * 10 + minor[0];
            byte[] name = new byte[256];
            cuDeviceGetName(name, name.length, device);
            String deviceName = cString(name);
            if (cc < MIN_COMPUTE_CAPABILITY) {
                throw new AcceleratorUnavailableException(deviceName + " is sm_" + cc + "; the kernels need sm_80 or newer");
            }
            long[] memory = new long[1];
            cuDeviceTotalMem(memory, device);
            CUcontext context = new CUcontext();
            cuDevicePrimaryCtxRetain(context, device);
            cuCtxSetCurrent(context);
            return new CudaDevice(device, context, deviceName, cc, memory[0]);
        } catch (LinkageError e) {
            // JCuda's native library links against libcuda.so.1: absent without an NVIDIA driver
            // the JVM remembers a failed class initialisation and later throws only "Could not
            // initialize class": keep the first load's cause (process-wide, as the JVM's is)
            String reason = firstLinkFailure;
            if (reason == null) {
                reason = linkFailure(e);
                firstLinkFailure = reason;
            }
            throw new AcceleratorUnavailableException("no CUDA driver: " + reason, e);
        } catch (CudaException e) {
            throw new AcceleratorUnavailableException("CUDA driver error: " + e.getMessage(), e);
        }
    }

    /**
     * The cause of a failed load: the first load throws JCuda's report, later ones only "Could not
     * initialize class jcuda.driver.JCudaDriver" with the first failure among its causes.
     */
    static String linkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("libcuda")) {
                return linkFailure(t.getMessage());
            }
        }
        return linkFailure(e.getMessage());
    }

    /**
     * The line of JCuda's load report (a page of nested stack traces) that names the cause, e.g.
     * "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file":
     * the fallback is announced in one line.
     */
    static String linkFailure(String report) {
        if (report == null) {
            return "JCuda's native library could not be loaded";
        }
        String first = null;
        for (String line : report.lines().toList()) {
            if (line.contains("libcuda")) {
                return line.replaceFirst("^java\\.lang\\.UnsatisfiedLinkError: ", "").strip();
            }
            if (first == null && !line.isBlank()) {
                first = line.strip();
            }
        }
        return first;
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }

    /** Makes this device's context current on the calling thread. */
    public void bind() {
        cuCtxSetCurrent(context);
    }

    public String name() {
        return name;
    }

    public int computeCapability() {
        return computeCapability;
    }

    public long totalMemory() {
        return totalMemory;
    }

    public String description() {
        return String.format(java.util.Locale.ROOT, "%s (sm_%d, %d GiB)", name, computeCapability, totalMemory >> 30);
    }

    @Override
    public void close() {
        cuDevicePrimaryCtxRelease(device);
    }
}
