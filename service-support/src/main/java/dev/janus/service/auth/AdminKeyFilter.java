package dev.janus.service.auth;

import dev.janus.comm.security.InternalToken;
import dev.janus.comm.security.KeySet;
import dev.janus.service.AdminService;
import dev.janus.service.error.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin key, checked on the service itself (not only at the gateway), the one filter of every
 * admin service (placement-service, scaler-service; registered by {@link AdminKeySecurity}):
 * every request under /admin needs one of the service's admin keys
 * ({@link AdminService#adminKeysProperty()}: {@code moe.placement-service.admin-keys},
 * {@code moe.scaler.admin-keys}), as {@code Authorization: Bearer <key>} or as the password of
 * HTTP Basic credentials (user name ignored: a browser's login dialog, for pages such as
 * /admin/placement/ui), compared in constant time; otherwise 401 with an RFC 7807 problem and both
 * challenges, {@code Basic realm="janus-admin"} making a browser ask. No key configured = every
 * admin request refused (fail closed, {@code admin_key_not_configured}): an open admin API could
 * move every expert, or start or stop every instance, of the cluster. The internal token (the services'
 * control plane) is not an admin key: presented here it is a 403 — known, but for another realm
 * (the rule the gateway applies to an API key on /admin). Keys are compared in constant time
 * (comm-lib {@link KeySet}).
 *
 * <p>A browser attaches remembered Basic credentials to any request to this origin, also a form
 * another site posts (CSRF). So a change (POST, PUT, DELETE, PATCH) authenticated with Basic
 * must carry {@code X-Requested-With} (403 otherwise): a header only same-origin script can set,
 * since another origin needs a CORS preflight, which this service never grants. The page sends it;
 * scripts use Bearer. (OWASP CSRF cheat sheet, "custom request headers".)
 *
 * <p>/internal/** (the services' control plane) is comm-lib's InternalTokenFilter's, and
 * /actuator/** (health and prometheus only) is open; the OpenAPI document (/v3/api-docs,
 * /swagger-ui) is public: it describes the API, holds no data, and a key is still needed to call
 * anything it lists.
 */
public class AdminKeyFilter extends OncePerRequestFilter {

    /** The protection space a browser remembers the credentials for (RFC 7235 §2.2); the gateway uses the same. */
    public static final String REALM = "janus-admin";
    public static final String CSRF_HEADER = "X-Requested-With";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminService service;
    private final KeySet keys;
    private final InternalToken internalToken;
    private final JsonMapper json;

    /**
     * @param service   names the service and its admin-key property in the refusal when no key is configured
     * @param adminKeys {@code service}'s admin keys, as a {@link KeySet}
     */
    public AdminKeyFilter(AdminService service, KeySet adminKeys, InternalToken internalToken, JsonMapper json) {
        this.service = service;
        this.keys = adminKeys;
        this.internalToken = internalToken;
        this.json = json;
    }

    /**
     * Decided on the container's decoded and normalised path (servlet path + path info: no
     * {@code ;params}, no {@code %61dmin}, no dot segments), with repeated slashes merged — the
     * raw request URI would let {@code /admin;x/placement} or {@code //admin/...} reach a handler
     * unchecked.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        path = path.replaceAll("/{2,}", "/");
        return !(path.equals("/admin") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.isEmpty()) {
            // no Basic challenge: a browser's login dialog could not succeed
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            problem(request, response, HttpStatus.UNAUTHORIZED, "admin_key_not_configured", "No admin key is "
                    + "configured on " + service.name() + " (" + service.adminKeysProperty() + "), so every admin request is refused.");
            return;
        }
        AdminCredentials credentials = AdminCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (!credentials.present()) {
            unauthorized(request, response, credentials.basic()
                    ? "The Basic credentials carry no admin key: the password must be one (any user name)."
                    : "Missing admin key: send Authorization: Bearer <key> (or Basic with the key as password).");
        } else if (!matches(credentials.key())) {
            if (internalToken.matches(credentials.key())) {
                problem(request, response, HttpStatus.FORBIDDEN, "admin_key_required", "The internal token opens "
                        + "only /internal/** (the services' control plane); /admin needs an admin key.");
            } else {
                unauthorized(request, response, "Incorrect admin key.");
            }
        } else if (credentials.basic() && !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(CSRF_HEADER) == null) {
            problem(request, response, HttpStatus.FORBIDDEN, "csrf_header_required", "A change authenticated "
                    + "with HTTP Basic must carry the header " + CSRF_HEADER + " (the page sends it): a browser "
                    + "attaches Basic credentials to other sites' form posts too. Scripts: use Bearer.");
        } else {
            chain.doFilter(request, response);
        }
    }

    private boolean matches(String key) {
        return keys.matches(key);
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        problem(request, response, HttpStatus.UNAUTHORIZED, "invalid_admin_key", detail);
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                         String detail) throws IOException {
        ProblemDetail problem = Problems.of(status, detail, code, request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
