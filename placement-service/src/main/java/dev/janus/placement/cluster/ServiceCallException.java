package dev.janus.placement.cluster;

import java.net.URI;

/** A control call to an attention- or expert-service failed: unreachable, timed out, or not 2xx. */
public class ServiceCallException extends RuntimeException {

    private final int status;

    public ServiceCallException(URI uri, int status, String message, Throwable cause) {
        super(uri + ": " + message, cause);
        this.status = status;
    }

    /** The HTTP status answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
