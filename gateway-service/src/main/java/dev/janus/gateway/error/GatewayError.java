package dev.janus.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * An error the gateway answers itself, in the vocabulary of OpenAI's error object.
 *
 * @param status  HTTP status
 * @param type    OpenAI {@code error.type}
 * @param code    OpenAI {@code error.code}
 * @param message human-readable detail
 */
public record GatewayError(HttpStatus status, String type, String code, String message) {

    public static GatewayError invalidApiKey(String message) {
        return new GatewayError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", message);
    }

    /** 401 on the admin realm (RFC 7807 there; the code matches placement-service's). */
    public static GatewayError invalidAdminKey(String message) {
        return new GatewayError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_admin_key", message);
    }

    /** 401 on the admin realm of a gateway without admin keys: nothing under /admin is forwarded (fail closed). */
    public static GatewayError adminKeyNotConfigured(String message) {
        return new GatewayError(HttpStatus.UNAUTHORIZED, "invalid_request_error", "admin_key_not_configured", message);
    }

    public static GatewayError forbidden(String code, String message) {
        return new GatewayError(HttpStatus.FORBIDDEN, "invalid_request_error", code, message);
    }

    public static GatewayError rateLimited(String message) {
        return new GatewayError(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_exceeded", "rate_limit_exceeded", message);
    }

    public static GatewayError unavailable(String message) {
        return new GatewayError(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", "service_unavailable", message);
    }

    public static GatewayError timeout(String message) {
        return new GatewayError(HttpStatus.GATEWAY_TIMEOUT, "timeout", "upstream_timeout", message);
    }

    public static GatewayError notFound(String message) {
        return new GatewayError(HttpStatus.NOT_FOUND, "invalid_request_error", "not_found", message);
    }

    public static GatewayError tooLarge(String message) {
        return new GatewayError(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "request_too_large", message);
    }
}
