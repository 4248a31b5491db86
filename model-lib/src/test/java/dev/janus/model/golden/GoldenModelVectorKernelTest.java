package dev.janus.model.golden;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMatmulKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same golden bar with the production Vector API kernel (multi-threaded). */
class GoldenModelVectorKernelTest extends GoldenModelTest {

    private ComputePool kernelPool;

    @BeforeAll
    void startKernelPool() {
        kernelPool = new ComputePool(2, "golden-kernel");
    }

    @AfterAll
    void stopKernelPool() {
        kernelPool.close();
    }

    @Override
    MatmulKernel kernel() {
        return new VectorMatmulKernel(kernelPool, 0); // 0: parallelise even tiny matmuls, to exercise the pool
    }
}
