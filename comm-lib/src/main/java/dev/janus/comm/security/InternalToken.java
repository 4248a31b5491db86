package dev.janus.comm.security;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * The internal token: the one secret of the control plane, {@code /internal/**} of
 * attention-, expert- and placement-service (placement-service reads statistics, prepares,
 * commits and releases epochs with it; services ask placement-service for the current epoch at
 * start with it). One setting on every service, {@value #PROPERTY} (environment
 * {@value #ENVIRONMENT_VARIABLE}), sent as {@code Authorization: Bearer <token>}.
 *
 * <p>Fail closed: a service without a configured token refuses every /internal request (401),
 * the way placement-service refuses /admin without an admin key. Nothing is generated
 * implicitly — a token each process made up would differ between processes, which is a refusal
 * too, only a more confusing one. {@code ./run-local} and the tests pass one.
 *
 * <p>Status rule, shared with the admin realms: 401 when the caller is not known (no token, a
 * wrong one, or none configured here); 403 when the caller presents a key this service accepts
 * for another realm (placement-service's admin keys on /internal).
 */
public final class InternalToken {

    public static final String PROPERTY = "moe.internal.token";
    public static final String ENVIRONMENT_VARIABLE = "MOE_INTERNAL_TOKEN";
    /** The protection space of the {@code WWW-Authenticate: Bearer realm=...} challenge. */
    public static final String REALM = "janus-internal";
    /** The control plane's path prefix; the gateway never routes it. */
    public static final String PATH_PREFIX = "/internal";

    /** The WARN line every service logs at start without a token. */
    public static final String NOT_CONFIGURED = "No internal token is configured (" + PROPERTY + ", environment "
            + ENVIRONMENT_VARIABLE + "): every " + PATH_PREFIX + " request is refused (401), and so are this "
            + "service's own calls to the other services' control plane. Set the same token on every service.";

    private static final InternalToken NONE = new InternalToken(null);

    private final String value;
    private final KeySet keys;

    private InternalToken(String value) {
        this.value = value;
        this.keys = value == null ? KeySet.none() : KeySet.of(List.of(value));
    }

    /** The token {@code value}; null or blank: none configured. */
    public static InternalToken of(String value) {
        return value == null || value.isBlank() ? NONE : new InternalToken(value.strip());
    }

    public static InternalToken none() {
        return NONE;
    }

    public boolean configured() {
        return value != null;
    }

    /** {@code Bearer <token>}, what a caller sends; empty when none is configured (the call will be refused). */
    public Optional<String> authorization() {
        return value == null ? Optional.empty() : Optional.of("Bearer " + value);
    }

    /** Adds the Authorization header to a call of another service's /internal endpoint (when a token is configured). */
    public HttpRequest.Builder sign(HttpRequest.Builder request) {
        authorization().ifPresent(a -> request.header("Authorization", a));
        return request;
    }

    /** Whether {@code presented} is the token (constant time; never when none is configured). */
    public boolean matches(String presented) {
        return keys.matches(presented);
    }

    /** Whether {@code path} (decoded and normalised, as a servlet container gives it) is under /internal. */
    public static boolean isInternal(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.equals(PATH_PREFIX) || p.startsWith(PATH_PREFIX + "/");
    }

    /**
     * Why a request carrying {@code authorization} may not use /internal; empty when it may.
     *
     * @param otherRealm keys this service accepts on another realm (placement-service's admin
     *                   keys; {@link KeySet#none()} elsewhere): presented here they are a 403
     * @param path       the request path, the problem's {@code instance}
     */
    public Optional<Problem> refusal(String authorization, KeySet otherRealm, String path) {
        if (!configured()) {
            return Optional.of(Problem.of(401, "internal_token_not_configured", "No internal token is configured on "
                    + "this service (" + PROPERTY + ", environment " + ENVIRONMENT_VARIABLE + "), so every "
                    + PATH_PREFIX + " request is refused. Configure the same token on every service.", path));
        }
        String presented = bearer(authorization);
        if (presented == null) {
            return Optional.of(Problem.of(401, "invalid_internal_token", "Missing internal token: send "
                    + "Authorization: Bearer <" + PROPERTY + ">.", path));
        }
        // both compared in full: which realm a key belongs to takes the same time either way
        boolean token = keys.matches(presented);
        boolean other = otherRealm.matches(presented);
        if (token) {
            return Optional.empty();
        }
        if (other) {
            return Optional.of(Problem.of(403, "internal_token_required", "An admin key does not open "
                    + PATH_PREFIX + "/** (the services' control plane): it takes only the internal token.", path));
        }
        return Optional.of(Problem.of(401, "invalid_internal_token", "Incorrect internal token.", path));
    }

    /** The key of {@code Bearer <key>} (scheme case-insensitive, RFC 9110 §11.1); null for anything else. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorization.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    /** Never the token. */
    @Override
    public String toString() {
        return configured() ? "InternalToken[configured]" : "InternalToken[none]";
    }
}
