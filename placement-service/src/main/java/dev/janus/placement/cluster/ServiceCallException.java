package dev.janus.placement.cluster;

import java.net.ConnectException;
import java.net.URI;

/** A control call to an attention- or expert-service failed: unreachable, timed out, or not 2xx. */
public class ServiceCallException extends RuntimeException {

    private final int status;

    public ServiceCallException(URI uri, int status, String message, Throwable cause) {
        super(uri + ": " + message, cause);
        this.status = status;
    }

    /**
     * Whether the connection was refused: nothing listens there, so no process runs at that
     * address (a connect timeout is not a refusal: something may run there, unreachable).
     */
    public boolean refused() {
        return getCause() instanceof ConnectException;
    }

    /** The HTTP status answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
