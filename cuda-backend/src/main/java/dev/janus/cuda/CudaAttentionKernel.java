package dev.janus.cuda;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvCache;
import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;

/**
 * model-lib's {@link AttentionKernel} on the device: the engine's KV cache mirrored in a
 * {@link DeviceKvCache}, the step's new key/value rows scattered into it, then paged decode
 * attention (attention.cu) for every (token, head), q up and the result down through pinned
 * staging. The host cache stays the source of truth (prefix caching, the CPU fallback); the
 * device copy receives every row once, from the step that computed it. Falls back to the CPU
 * kernel for a context longer than a block's shared memory holds scores for, and for good when
 * the device has no room for the mirror (one log line). One KV cache per kernel, as one engine
 * has; calls are serialised (one stream).
 */
final class CudaAttentionKernel implements AttentionKernel {

    private static final System.Logger LOG = System.getLogger(CudaAttentionKernel.class.getName());

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final Shape shape;
    private final AttentionKernel cpu;
    private final PinnedStaging staging = new PinnedStaging();
    private final DeviceBuffer dq = new DeviceBuffer();
    private final DeviceBuffer dOut = new DeviceBuffer();
    private final DeviceBuffer dRows = new DeviceBuffer();
    private final DeviceBuffer dRowIndex = new DeviceBuffer();
    private final DeviceBuffer dTables = new DeviceBuffer();
    private final DeviceBuffer dPositions = new DeviceBuffer();
    private DeviceKvCache mirror;
    private boolean onCpu; // the mirror did not fit: every step on the CPU kernel
    private final PagedStep step = new PagedStep();

    CudaAttentionKernel(CudaDevice device, CudaKernels kernels, Shape shape, AttentionKernel cpu) {
        this.device = device;
        this.kernels = kernels;
        this.shape = shape;
        this.cpu = cpu;
    }

    @Override
    public synchronized void attend(StepBatch batch, int layer, int window, float[] q, float[] out) {
        int tokens = batch.tokens();
        if (tokens == 0 || onCpu) {
            cpu.attend(batch, layer, window, q, out);
            return;
        }
        device.bind();
        DeviceKvCache kv = mirrorOf(batch.sequenceOfToken(0).cache());
        if (kv == null) {
            cpu.attend(batch, layer, window, q, out);
            return;
        }
        KvCache cache = kv.cache();
        step.prepare(batch, cache, window);
        scatterNewRows(batch, layer, kv.keys(layer), true);
        if (cache.hasValues()) {
            scatterNewRows(batch, layer, kv.values(layer), false);
        }
        if (4L * step.maxContext > LaunchGeometry.MAX_DYNAMIC_SHARED_BYTES) {
            cpu.attend(batch, layer, window, q, out); // the mirror has the rows; this step's scores do not fit
            return;
        }
        int qFloats = tokens * shape.heads() * shape.keyDim();
        int outFloats = tokens * shape.heads() * shape.valueDim();
        CUdeviceptr qd = dq.ensure(4L * qFloats);
        CUdeviceptr od = dOut.ensure(4L * outFloats);
        CUdeviceptr td = dTables.ensure(4L * tokens * step.maxBlocks);
        CUdeviceptr pd = dPositions.ensure(4L * tokens);
        staging.upload(q, 0, qFloats, qd, 0, kernels.stream());
        staging.upload(step.tables, tokens * step.maxBlocks, td, kernels.stream());
        staging.upload(step.positions, tokens, pd, kernels.stream());
        kernels.pagedAttention(qd, kv.keys(layer), kv.values(layer), td, pd, od, tokens, shape.heads(),
                shape.kvHeads(), shape.keyDim(), shape.valueDim(), step.blockSize, step.width, step.maxBlocks,
                step.maxContext, window, shape.scale());
        staging.download(od, out, 0, outFloats, kernels.stream());
    }

    /** Copies the step's key (or value) rows from the host cache into the device mirror's pool. */
    private void scatterNewRows(StepBatch batch, int layer, CUdeviceptr pool, boolean keys) {
        step.gatherNewRows(batch, layer, keys);
        int n = step.tokens;
        CUdeviceptr rd = dRows.ensure(4L * n * step.width);
        CUdeviceptr id = dRowIndex.ensure(4L * n);
        staging.upload(step.rows, 0, n * step.width, rd, 0, kernels.stream());
        staging.upload(step.rowIndex, n, id, kernels.stream());
        kernels.scatterRows(rd, id, pool, n, step.width);
    }

    /** The mirror of {@code cache}, made on first use; null when the device has no room for it. */
    private DeviceKvCache mirrorOf(KvCache cache) {
        if (mirror == null) {
            try {
                mirror = new DeviceKvCache(cache);
            } catch (CudaException e) {
                onCpu = true;
                LOG.log(System.Logger.Level.WARNING, "attention stays on the CPU: the KV cache ({0} MiB) does not fit on "
                        + "{1} ({2})", DeviceKvCache.bytes(cache) >> 20, device.description(), e.getMessage());
                return null;
            }
        } else if (mirror.cache() != cache) {
            throw new IllegalStateException("one KV cache per attention kernel: this one mirrors another engine's");
        }
        return mirror;
    }

    void close() {
        device.bind();
        if (mirror != null) {
            mirror.close();
        }
        dq.close();
        dOut.close();
        dRows.close();
        dRowIndex.close();
        dTables.close();
        dPositions.close();
        staging.close();
    }
}
