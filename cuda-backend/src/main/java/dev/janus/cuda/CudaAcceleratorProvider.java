package dev.janus.cuda;

import dev.janus.model.engine.Accelerator;
import dev.janus.model.engine.AcceleratorProvider;
import dev.janus.model.engine.AcceleratorUnavailableException;
import dev.janus.model.engine.Backends;

/** Registers the cuda backend with model-lib's {@link Backends} (META-INF/services). */
public final class CudaAcceleratorProvider implements AcceleratorProvider {

    @Override
    public String name() {
        return Backends.CUDA;
    }

    @Override
    public Accelerator open() throws AcceleratorUnavailableException {
        return CudaAccelerator.open();
    }
}
