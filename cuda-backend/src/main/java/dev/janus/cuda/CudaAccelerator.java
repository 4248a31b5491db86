package dev.janus.cuda;

import dev.janus.model.engine.Accelerator;
import dev.janus.model.engine.AcceleratorUnavailableException;
import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.ExpertExecutor;
import jcuda.driver.CUstream;

import java.util.ArrayList;
import java.util.List;

import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;

/**
 * The cuda backend: one device, its kernels, one stream and the weights uploaded to it, shared by
 * the matmul kernels, attention kernels and expert executors it hands out.
 */
public final class CudaAccelerator implements Accelerator {

    private final CudaDevice device;
    private final KernelLibrary library;
    private final CUstream stream;
    private final CudaKernels kernels;
    private final DeviceWeights weights;
    private final List<CudaMatmulKernel> matmuls = new ArrayList<>();
    private final List<CudaExpertExecutor> executors = new ArrayList<>();
    private final List<CudaAttentionKernel> attentions = new ArrayList<>();

    private CudaAccelerator(CudaDevice device) {
        this.device = device;
        this.library = new KernelLibrary(device.computeCapability());
        this.stream = new CUstream();
        cuStreamCreate(stream, 0);
        this.kernels = new CudaKernels(library, stream);
        this.weights = new DeviceWeights(device, stream);
    }

    /** Opens device 0 and loads the kernels. */
    public static CudaAccelerator open() throws AcceleratorUnavailableException {
        CudaDevice device = CudaDevice.open(0);
        try {
            return new CudaAccelerator(device);
        } catch (RuntimeException e) {
            device.close();
            throw new AcceleratorUnavailableException("the kernels could not be loaded on " + device.description()
                    + ": " + e.getMessage(), e);
        }
    }

    public CudaDevice device() {
        return device;
    }

    /** The raw kernels (tests and benchmarks drive them on their own buffers). */
    public CudaKernels kernels() {
        return kernels;
    }

    /** Bytes of weights on the device so far. */
    public long weightBytes() {
        return weights.bytes();
    }

    @Override
    public String description() {
        return device.description();
    }

    @Override
    public synchronized MatmulKernel matmul(MatmulKernel cpu) {
        return matmul(cpu, CudaMatmulKernel.DEFAULT_TENSOR_CORE_MIN_TOKENS);
    }

    /** @param tensorCoreMinTokens tokens from which activations go to bf16 tensor cores; MAX_VALUE = never */
    public synchronized CudaMatmulKernel matmul(MatmulKernel cpu, int tensorCoreMinTokens) {
        CudaMatmulKernel k = new CudaMatmulKernel(device, kernels, weights, cpu, tensorCoreMinTokens);
        matmuls.add(k);
        return k;
    }

    @Override
    public synchronized AttentionKernel attention(AttentionKernel.Shape shape, AttentionKernel cpu) {
        CudaAttentionKernel k = new CudaAttentionKernel(device, kernels, shape, cpu);
        attentions.add(k);
        return k;
    }

    @Override
    public synchronized ExpertExecutor expertExecutor(ModelWeights modelWeights, int hidden, MatmulKernel cpu) {
        CudaExpertExecutor e = new CudaExpertExecutor(device, kernels, weights, modelWeights, hidden, cpu, this::forget);
        executors.add(e);
        return e;
    }

    private synchronized void forget(CudaExpertExecutor closed) {
        executors.remove(closed);
    }

    @Override
    public synchronized void close() {
        device.bind();
        matmuls.forEach(CudaMatmulKernel::close);
        attentions.forEach(CudaAttentionKernel::close);
        List.copyOf(executors).forEach(CudaExpertExecutor::close);
        weights.close();
        cuStreamDestroy(stream);
        library.close();
        device.close();
    }
}
