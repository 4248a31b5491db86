package dev.janus.comm.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * An RFC 7807 problem detail as the services answer it: {@code type} about:blank, {@code title}
 * the status's reason phrase, {@code instance} the request path, and a snake_case {@code code}
 * for scripts — the shape placement-service's Spring ProblemDetails and the gateway's admin
 * errors have too. Used where no Spring MVC error handling runs (a servlet filter).
 *
 * @param type     always "about:blank" (the status says it all)
 * @param title    reason phrase of the status
 * @param status   HTTP status
 * @param detail   for people
 * @param instance the request path; null leaves it out
 * @param code     for scripts, e.g. {@code invalid_internal_token}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code) {

    /** {@code application/problem+json}. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(int status, String code, String detail, String instance) {
        return new Problem("about:blank", reason(status), status, detail, instance, code);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a record of strings and an int always serialises
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
