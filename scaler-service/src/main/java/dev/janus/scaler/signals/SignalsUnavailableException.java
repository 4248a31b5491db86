package dev.janus.scaler.signals;

/** The signals could not be read (Prometheus down, no attention instance answering). */
public class SignalsUnavailableException extends RuntimeException {

    public SignalsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SignalsUnavailableException(String message) {
        super(message);
    }
}
