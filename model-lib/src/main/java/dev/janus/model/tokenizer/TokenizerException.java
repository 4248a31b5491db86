package dev.janus.model.tokenizer;

/** Any failure to load, configure or run a tokenizer or a chat template. */
public final class TokenizerException extends RuntimeException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
