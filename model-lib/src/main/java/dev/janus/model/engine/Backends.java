package dev.janus.model.engine;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses where an engine's kernels run: {@code cpu} (the reference, always there) or an
 * accelerator backend such as {@code cuda}. An accelerator that cannot be opened - its module is
 * not on the class path, no driver, no device - is not an error: the engine runs on the CPU and
 * one WARNING line says why, so a service configured for GPUs still starts on a machine without one.
 */
public final class Backends {

    public static final String CPU = "cpu";
    public static final String CUDA = "cuda";
    /** The values moe.backend and --backend accept. */
    public static final List<String> NAMES = List.of(CPU, CUDA);

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private Backends() {
    }

    /** Throws unless {@code backend} is one of {@link #NAMES}. */
    public static String validate(String backend) {
        if (backend == null || !NAMES.contains(backend)) {
            throw new IllegalArgumentException("unknown backend '" + backend + "' (one of " + String.join(", ", NAMES) + ")");
        }
        return backend;
    }

    /** The opened accelerator, or null for the CPU (asked for, or the fallback). */
    public static Accelerator open(String backend) {
        return open(backend, ServiceLoader.load(AcceleratorProvider.class));
    }

    static Accelerator open(String backend, Iterable<AcceleratorProvider> providers) {
        if (validate(backend).equals(CPU)) {
            return null;
        }
        String reason = "no " + backend + " backend module on the class path";
        for (AcceleratorProvider provider : providers) {
            if (provider.name().equals(backend)) {
                try {
                    Accelerator accelerator = provider.open();
                    LOG.log(System.Logger.Level.INFO, "backend {0}: {1}", backend, accelerator.description());
                    return accelerator;
                } catch (AcceleratorUnavailableException e) {
                    reason = e.getMessage();
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "backend {0} unavailable ({1}): falling back to the CPU", backend, reason);
        return null;
    }
}
