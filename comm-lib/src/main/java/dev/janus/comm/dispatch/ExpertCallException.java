package dev.janus.comm.dispatch;

/** A MoE instance failed, timed out or answered inconsistently for one layer step. */
public final class ExpertCallException extends RuntimeException {

    private final int instance;

    public ExpertCallException(int instance, String message, Throwable cause) {
        super("MoE instance " + instance + ": " + message, cause);
        this.instance = instance;
    }

    public int instance() {
        return instance;
    }
}
