package dev.janus.model.engine;

/** No usable device for a backend: no driver library, no device, or a device too old for our kernels. */
public final class AcceleratorUnavailableException extends Exception {

    public AcceleratorUnavailableException(String reason) {
        super(reason);
    }

    public AcceleratorUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
