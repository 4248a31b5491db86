package dev.janus.cuda;

import dev.janus.model.forward.AttentionKernel;

/** {@link DeviceAttentionContract} on the GPU: {@link CudaAttentionKernel} (skipped without a device). */
class CudaAttentionKernelTest extends DeviceAttentionContract {

    @Override
    AttentionKernel underTest(AttentionKernel.Shape shape, AttentionKernel cpu) {
        return GpuTests.accelerator().attention(shape, cpu);
    }
}
