package dev.janus.model.golden;

import dev.janus.cuda.GpuTests;
import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import org.junit.jupiter.api.BeforeAll;

/**
 * The golden bar of every fixture (last logits and top-5 logprobs within the fixture's
 * tolerances, router choices, greedy tokens identical, batched = alone) with every bf16 linear
 * layer and the attention over the KV cache (GQA and MLA, a device copy of the cache) on the GPU:
 * GEMV kernel, float32 activations (the reference precision), monolithic engine. FP8 weights stay
 * on the CPU until FP8 kernels exist. Skipped without a CUDA device.
 */
class CudaGoldenModelTest extends GoldenModelTest {

    private MatmulKernel kernel;

    @BeforeAll
    void openDevice() {
        kernel = GpuTests.accelerator().matmul(new ScalarMatmulKernel(), Integer.MAX_VALUE);
    }

    @Override
    MatmulKernel kernel() {
        return kernel;
    }

    @Override
    AttentionKernel.Factory attentionKernels() {
        return (shape, pool) -> GpuTests.accelerator().attention(shape, AttentionKernel.cpu().create(shape, pool));
    }
}
