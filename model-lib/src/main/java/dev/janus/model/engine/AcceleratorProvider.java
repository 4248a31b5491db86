package dev.janus.model.engine;

/**
 * A backend module's entry point, found with {@link java.util.ServiceLoader} (cuda-backend
 * registers one named "cuda"), so model-lib depends on no device library.
 */
public interface AcceleratorProvider {

    /** The moe.backend / --backend value that selects it. */
    String name();

    /** Opens the device; throws when there is none or its driver cannot be loaded. */
    Accelerator open() throws AcceleratorUnavailableException;
}
