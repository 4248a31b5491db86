package dev.janus.service.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The one exception type of the admin boundary (STYLE.md): a status, a machine-readable
 * {@code code}, a detail for people, and extra problem members (snake_case keys), answered as an
 * RFC 7807 problem by {@link ProblemHandler}.
 */
public class AdminException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public AdminException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static AdminException notFound(String detail) {
        return new AdminException(HttpStatus.NOT_FOUND, "not_found", detail);
    }

    public static AdminException badRequest(String detail) {
        return new AdminException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
    }

    public static AdminException conflict(String code, String detail) {
        return new AdminException(HttpStatus.CONFLICT, code, detail);
    }

    /** Adds a problem member, e.g. which instance failed. */
    public AdminException with(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
