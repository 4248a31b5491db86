package dev.janus.gateway.limit;

/** A streamed (chunked) request body grew past {@code moe.gateway.max-request-size}. */
public final class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(long limit) {
        super("Request body exceeds the limit of " + limit + " bytes.", null, false, false);
    }
}
