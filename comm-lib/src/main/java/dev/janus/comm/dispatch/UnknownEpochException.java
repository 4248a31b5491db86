package dev.janus.comm.dispatch;

/** A batch names a placement epoch the MoE instance does not serve (never prepared, or released). */
public final class UnknownEpochException extends IllegalArgumentException {

    public UnknownEpochException(String message) {
        super(message);
    }
}
