package dev.janus.comm.dispatch;

/** A MoE instance failed, timed out or answered inconsistently for one layer step. */
public final class ExpertCallException extends RuntimeException {

    private final int instance;
    private final String reason;

    public ExpertCallException(int instance, String message, Throwable cause) {
        super("MoE instance " + instance + ": " + message, cause);
        this.instance = instance;
        this.reason = message;
    }

    /** What went wrong, without the "MoE instance i: " prefix. */
    public String reason() {
        return reason;
    }

    public int instance() {
        return instance;
    }
}
