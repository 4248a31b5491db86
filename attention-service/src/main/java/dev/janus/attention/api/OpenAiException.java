package dev.janus.attention.api;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * The one exception of the model API boundary: everything a client did wrong (or the server
 * cannot do now) becomes one, rendered as OpenAI's {@code {"error":{"message","type","param","code"}}}.
 */
public final class OpenAiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final @Nullable String param;
    private final @Nullable String code;

    public OpenAiException(HttpStatus status, String type, String message, @Nullable String param, @Nullable String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiException badRequest(String message, @Nullable String param) {
        return new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, null);
    }

    public static OpenAiException badRequest(String message, @Nullable String param, String code) {
        return new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, code);
    }

    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "The model '" + model + "' does not exist", "model", "model_not_found");
    }

    public static OpenAiException contextTooLong(int context, int requested, String param) {
        return badRequest("This model's maximum context length is " + context + " tokens. However, you requested "
                + requested + " tokens (prompt + max_tokens). Please reduce the length of the prompt or max_tokens.",
                param, "context_length_exceeded");
    }

    public static OpenAiException overloaded(String message) {
        return new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "server_overloaded", message, null, "overloaded");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public @Nullable String param() {
        return param;
    }

    public @Nullable String code() {
        return code;
    }
}
