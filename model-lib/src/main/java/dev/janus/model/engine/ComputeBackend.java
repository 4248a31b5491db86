package dev.janus.model.engine;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.ExpertExecutor;

/**
 * The compute resources of one engine: a fixed thread pool and the matmul kernel running on it.
 * {@code vector} is the production kernel; {@code scalar} is the slow reference. With an
 * {@link Accelerator} (backend {@code cuda}, see {@link Backends}) the matmuls, attention and routed
 * experts run on the device and the CPU kernel serves what the device does not.
 */
public final class ComputeBackend implements AutoCloseable {

    private final ComputePool pool;
    private final MatmulKernel matmul;
    private final MatmulKernel cpuMatmul;
    private final Accelerator accelerator; // null = CPU only

    private ComputeBackend(ComputePool pool, MatmulKernel matmul, Accelerator accelerator) {
        this.pool = pool;
        this.matmul = accelerator == null ? matmul : accelerator.matmul(matmul);
        this.cpuMatmul = matmul;
        this.accelerator = accelerator;
    }

    /** As {@link #create(String, int)}, on {@code backend} ("cpu" or "cuda"; cuda falls back to the CPU). */
    public static ComputeBackend create(String kernel, int threads, String backend) {
        Backends.validate(backend);
        return create(kernel, threads, Backends.open(backend));
    }

    /** On {@code accelerator} (null = the CPU); tests pass their own. */
    static ComputeBackend create(String kernel, int threads, Accelerator accelerator) {
        ComputeBackend cpu = create(kernel, threads);
        return accelerator == null ? cpu : new ComputeBackend(cpu.pool, cpu.matmul, accelerator);
    }

    /**
     * @param kernel  "vector" or "scalar"
     * @param threads worker threads including the caller; 0 = one per available processor
     */
    public static ComputeBackend create(String kernel, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ComputePool pool = new ComputePool(n, "janus-compute");
        MatmulKernel matmul = switch (kernel) {
            case "vector" -> new VectorMatmulKernel(pool);
            case "scalar" -> new ScalarMatmulKernel();
            default -> {
                pool.close();
                throw new IllegalArgumentException("unknown kernel '" + kernel + "' (vector or scalar)");
            }
        };
        return new ComputeBackend(pool, matmul, null);
    }

    public ComputePool pool() {
        return pool;
    }

    public MatmulKernel matmul() {
        return matmul;
    }

    /** Where the kernels run: "cpu" or the accelerator's description. */
    public String device() {
        return accelerator == null ? Backends.CPU : accelerator.description();
    }

    /**
     * {@code options} on this backend: its attention kernels and, where {@code options} names no
     * expert executor (experts in this process), its routed experts. What every engine built on a
     * backend goes through.
     */
    public EngineOptions engineOptions(EngineOptions options, ModelWeights weights, int hidden) {
        EngineOptions o = options.withAttentionKernels(attentionKernels());
        return o.expertExecutor() != null ? o : o.withExpertExecutor(expertExecutor(weights, hidden));
    }

    /**
     * Where attention over the KV cache runs: on the accelerator, else on the CPU
     * ({@link EngineOptions#attentionKernels}).
     */
    public AttentionKernel.Factory attentionKernels() {
        AttentionKernel.Factory cpu = AttentionKernel.cpu();
        return accelerator == null ? cpu : (shape, pool) -> accelerator.attention(shape, cpu.create(shape, pool));
    }

    /** The routed experts on the accelerator; null on the CPU (the engine's local default). */
    public ExpertExecutor expertExecutor(ModelWeights weights, int hidden) {
        return accelerator == null ? null : accelerator.expertExecutor(weights, hidden, cpuMatmul);
    }

    /**
     * How a MoE instance runs the experts it hosts: on the accelerator's grouped expert FFN, or
     * on this backend's CPU kernel ({@link ExpertExecutor#local}).
     */
    public ExpertExecutor.Factory expertExecutors() {
        ExpertExecutor.Factory cpu = ExpertExecutor.local(matmul);
        return (weights, hidden) -> {
            ExpertExecutor device = expertExecutor(weights, hidden);
            return device != null ? device : cpu.create(weights, hidden);
        };
    }

    @Override
    public void close() {
        if (accelerator != null) {
            accelerator.close();
        }
        pool.close();
    }
}
