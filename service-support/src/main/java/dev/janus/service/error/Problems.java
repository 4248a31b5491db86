package dev.janus.service.error;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem bodies: title = reason phrase, {@code instance} = path, a snake_case {@code code}. */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String detail, String code, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        if (path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException ignored) {
                // a path that is no URI reference (it reached us undecoded): leave instance out
            }
        }
        problem.setProperty("code", code);
        return problem;
    }

    /** The detail of a 500: "placement-service failed to handle the request; see its log." */
    public static String failed(String service) {
        return service + " failed to handle the request; see its log.";
    }

    /** The default code of a status: "not_found", "method_not_allowed", ... */
    public static String code(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "http_" + status : known.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** camelCase -> snake_case, for field names in validation errors (JSON is snake_case). */
    public static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
