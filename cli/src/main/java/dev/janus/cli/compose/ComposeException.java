package dev.janus.cli.compose;

/** A compose file that cannot be read, or a topology that cannot be started locally; the message says why. */
public final class ComposeException extends RuntimeException {

    public ComposeException(String message) {
        super(message);
    }

    public ComposeException(String message, Throwable cause) {
        super(message, cause);
    }
}
