package dev.janus.cuda;

import dev.janus.model.model.MlpWeights;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.util.IdentityHashMap;
import java.util.Map;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

/**
 * Weights on the device, uploaded once on first use and kept in their checkpoint dtype (bf16
 * stays bf16: 2 bytes a weight in HBM, as on disk). Single tensors for the dense layers; a layer's
 * routed experts stacked per projection ({@link StackedExperts}) so one grouped launch reaches
 * all of them. Uploads go through pinned staging from the memory-mapped checkpoint.
 */
final class DeviceWeights implements AutoCloseable {

    private static final long UPLOAD_CHUNK = 64L << 20;

    private final CudaDevice device;
    private final CUstream stream;
    private final PinnedStaging staging = new PinnedStaging();
    private final Map<WeightTensor, CUdeviceptr> tensors = new IdentityHashMap<>();
    private final Map<MlpWeights[], StackedExperts> experts = new IdentityHashMap<>();
    private long bytes;

    DeviceWeights(CudaDevice device, CUstream stream) {
        this.device = device;
        this.stream = stream;
    }

    /** The tensor's device copy (bf16 only: the kernels read bf16 weights). */
    synchronized CUdeviceptr tensor(WeightTensor w) {
        CUdeviceptr p = tensors.get(w);
        if (p == null) {
            requireBf16(w);
            device.bind();
            p = new CUdeviceptr();
            cuMemAlloc(p, w.byteSize());
            staging.upload(w.segment(), p, stream, UPLOAD_CHUNK);
            bytes += w.byteSize();
            tensors.put(w, p);
        }
        return p;
    }

    /** A layer's hosted experts stacked on the device (null entries are not hosted: no slot). */
    synchronized StackedExperts experts(MlpWeights[] layerExperts) {
        StackedExperts s = experts.get(layerExperts);
        if (s == null) {
            device.bind();
            s = StackedExperts.upload(layerExperts, staging, stream, UPLOAD_CHUNK);
            bytes += s.bytes();
            experts.put(layerExperts, s);
        }
        return s;
    }

    /** Frees a layer's stacked experts (their placement epoch was released); no-op if never uploaded. */
    synchronized void releaseExperts(MlpWeights[] layerExperts) {
        StackedExperts s = experts.remove(layerExperts);
        if (s != null) {
            device.bind();
            bytes -= s.bytes();
            s.close();
        }
    }

    static void requireBf16(WeightTensor w) {
        if (w.dtype() != DType.BF16) {
            throw new IllegalArgumentException("tensor " + w.name() + " is " + w.dtype() + "; the cuda kernels take BF16");
        }
    }

    /** Bytes uploaded so far. */
    synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        device.bind();
        tensors.values().forEach(p -> cuMemFree(p));
        experts.values().forEach(StackedExperts::close);
        tensors.clear();
        experts.clear();
        staging.close();
    }
}
