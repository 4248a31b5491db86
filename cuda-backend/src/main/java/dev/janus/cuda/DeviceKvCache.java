package dev.janus.cuda;

import dev.janus.model.kv.KvCache;
import jcuda.driver.CUdeviceptr;

/**
 * A device copy of a {@link KvCache}: per layer a key pool and (GQA) a value pool of
 * {@code totalBlocks * blockSize} rows of {@code kvDim} floats, indexed by the host cache's block
 * ids, so a sequence's block table means the same on both sides. Rows reach it as the steps that
 * compute them run ({@link CudaAttentionKernel}); blocks shared through prefix caching were
 * written once, by the step that computed them. All of it is allocated up front, so an allocation
 * failure happens before any row is copied.
 */
final class DeviceKvCache implements AutoCloseable {

    private final KvCache cache;
    private final CUdeviceptr[] keys;
    private final CUdeviceptr[] values; // null entries for MLA's latent cache (values alias keys)

    DeviceKvCache(KvCache cache) {
        this.cache = cache;
        this.keys = new CUdeviceptr[cache.layers()];
        this.values = new CUdeviceptr[cache.layers()];
        try {
            for (int l = 0; l < cache.layers(); l++) {
                keys[l] = allocate();
                values[l] = cache.hasValues() ? allocate() : null;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Device bytes of a KV cache like {@code cache}. */
    static long bytes(KvCache cache) {
        return layerBytes(cache) * cache.layers() * (cache.hasValues() ? 2 : 1);
    }

    private static long layerBytes(KvCache cache) {
        return 4L * cache.totalBlocks() * cache.blockSize() * cache.kvDim();
    }

    private CUdeviceptr allocate() {
        return DeviceBuffer.allocate(layerBytes(cache));
    }

    KvCache cache() {
        return cache;
    }

    CUdeviceptr keys(int layer) {
        return keys[layer];
    }

    /** The value pool; for a latent (MLA) cache the key pool, whose rows start with c_kv. */
    CUdeviceptr values(int layer) {
        return cache.hasValues() ? values[layer] : keys[layer];
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            DeviceBuffer.free(keys[l]);
            DeviceBuffer.free(values[l]);
            keys[l] = null;
            values[l] = null;
        }
    }
}
