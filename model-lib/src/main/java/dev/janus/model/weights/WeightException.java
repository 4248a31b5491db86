package dev.janus.model.weights;

/** A checkpoint we cannot use: bad header, truncated file, missing tensor, wrong shape or dtype. */
public final class WeightException extends RuntimeException {

    public WeightException(String message) {
        super(message);
    }

    public WeightException(String message, Throwable cause) {
        super(message, cause);
    }
}
