package dev.janus.model.engine;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.ExpertExecutor;

/**
 * A device that runs an engine's layer kernels instead of the CPU (moe.backend=cuda): the linear
 * layers (dense parts, router gate, lm_head) through a {@link MatmulKernel}, attention over the
 * KV cache through an {@link AttentionKernel} and the routed experts through an
 * {@link ExpertExecutor} (the grouped expert FFN of a layer step). What the device does
 * not support (a dtype, a shape) it hands to the CPU kernel it was given, so results never depend
 * on whether a device was found, only their speed and rounding. Found through
 * {@link AcceleratorProvider}; chosen by {@link Backends}.
 */
public interface Accelerator extends AutoCloseable {

    /** The device, for the log: e.g. "NVIDIA H100 80GB HBM3 (sm_90, 79 GiB)". */
    String description();

    /** A matmul kernel on the device, falling back to {@code cpu} for what the device does not run. */
    MatmulKernel matmul(MatmulKernel cpu);

    /** The routed experts of {@code weights} on the device (weights uploaded once, on first use). */
    ExpertExecutor expertExecutor(ModelWeights weights, int hidden, MatmulKernel cpu);

    /**
     * Attention over the KV cache on the device, falling back to {@code cpu} for what the device
     * does not run; the default runs everything on {@code cpu}.
     */
    default AttentionKernel attention(AttentionKernel.Shape shape, AttentionKernel cpu) {
        return cpu;
    }

    @Override
    void close();
}
