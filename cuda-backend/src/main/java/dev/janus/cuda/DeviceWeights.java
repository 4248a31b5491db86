package dev.janus.cuda;

import dev.janus.model.model.MlpWeights;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Weights on the device, uploaded once on first use and kept in their checkpoint dtype (bf16
 * stays bf16, FP8 stays 1-byte codes plus block scales: as many bytes in HBM as on disk).
 * Single tensors for the dense layers; a layer's routed experts stacked per projection
 * ({@link StackedExperts}) so one grouped launch reaches all of them. Uploads go through pinned
 * staging from the memory-mapped checkpoint.
 */
final class DeviceWeights implements AutoCloseable {

    private static final long UPLOAD_CHUNK = 64L << 20;

    private final CudaDevice device;
    private final CUstream stream;
    private final PinnedStaging staging = new PinnedStaging();
    private final Map<WeightTensor, DeviceTensor> tensors = new IdentityHashMap<>();
    private final Map<MlpWeights[], StackedExperts> experts = new IdentityHashMap<>();
    private long bytes;

    DeviceWeights(CudaDevice device, CUstream stream) {
        this.device = device;
        this.stream = stream;
    }

    /** The tensor's device copy: bf16 as it is, FP8 as codes plus block scales. */
    synchronized DeviceTensor tensor(WeightTensor w) {
        DeviceTensor d = tensors.get(w);
        if (d == null) {
            DeviceTensor.requireSupported(w);
            device.bind();
            CUdeviceptr data = upload(w.segment());
            CUdeviceptr scales = null;
            Fp8BlockTensor fp8 = w instanceof Fp8BlockTensor f ? f : null;
            if (fp8 != null) {
                scales = DeviceBuffer.allocate(4L * fp8.scales().length);
                staging.upload(fp8.scales(), 0, fp8.scales().length, scales, 0, stream);
            }
            d = new DeviceTensor(data, scales, fp8);
            bytes += w.byteSize();
            tensors.put(w, d);
        }
        return d;
    }

    private CUdeviceptr upload(MemorySegment segment) {
        CUdeviceptr p = DeviceBuffer.allocate(segment.byteSize());
        staging.upload(segment, p, stream, UPLOAD_CHUNK);
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

    /** Bytes uploaded so far. */
    synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        device.bind();
        tensors.values().forEach(d -> {
            DeviceBuffer.free(d.data());
            DeviceBuffer.free(d.scales());
        });
        experts.values().forEach(StackedExperts::close);
        tensors.clear();
        experts.clear();
        staging.close();
    }
}
