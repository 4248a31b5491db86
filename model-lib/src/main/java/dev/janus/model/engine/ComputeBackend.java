package dev.janus.model.engine;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kernels.VectorMatmulKernel;

/**
 * The compute resources of one engine: a fixed thread pool and the matmul kernel running on it.
 * {@code vector} is the production kernel; {@code scalar} is the slow reference.
 */
public final class ComputeBackend implements AutoCloseable {

    private final ComputePool pool;
    private final MatmulKernel matmul;

    private ComputeBackend(ComputePool pool, MatmulKernel matmul) {
        this.pool = pool;
        this.matmul = matmul;
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
        return new ComputeBackend(pool, matmul);
    }

    public ComputePool pool() {
        return pool;
    }

    public MatmulKernel matmul() {
        return matmul;
    }

    @Override
    public void close() {
        pool.close();
    }
}
