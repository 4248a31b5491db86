package dev.janus.cuda;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

/**
 * The kernels of src/main/cuda, loaded from the class path: the sm_90 cubin on an sm_90 device
 * (H100/H200: no JIT), else the PTX, which the driver compiles for the device on load. Nothing is
 * compiled from CUDA C at run time.
 */
final class KernelLibrary implements AutoCloseable {

    /** The sources in src/main/cuda, one module each. */
    static final List<String> MODULES = List.of("gemv", "gemm", "elementwise", "rmsnorm", "rope", "attention", "router");
    static final String RESOURCE_DIR = "/dev/janus/cuda/";

    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    KernelLibrary(int computeCapability) {
        for (String name : MODULES) {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, image(name, computeCapability));
            modules.put(name, module);
        }
    }

    /** The module's image for a device: its cubin on sm_90, else the PTX, NUL-terminated as the driver wants. */
    static byte[] image(String module, int computeCapability) {
        if (computeCapability == 90) {
            byte[] cubin = resource(module + ".sm_90.cubin");
            if (cubin != null) {
                return cubin;
            }
        }
        byte[] ptx = resource(module + ".ptx");
        if (ptx == null) {
            throw new IllegalStateException("kernel resource " + RESOURCE_DIR + module + ".ptx missing from the class path");
        }
        return Arrays.copyOf(ptx, ptx.length + 1);
    }

    static byte[] resource(String file) {
        try (InputStream in = KernelLibrary.class.getResourceAsStream(RESOURCE_DIR + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernel {@code function} of {@code module} (an extern "C" name). */
    CUfunction function(String module, String function) {
        return functions.computeIfAbsent(module + "/" + function, k -> {
            CUmodule m = modules.get(module);
            if (m == null) {
                throw new IllegalArgumentException("no kernel module " + module);
            }
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, m, function);
            return f;
        });
    }

    @Override
    public void close() {
        modules.values().forEach(m -> cuModuleUnload(m));
        modules.clear();
        functions.clear();
    }
}
