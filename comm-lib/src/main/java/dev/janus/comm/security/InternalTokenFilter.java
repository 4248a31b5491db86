package dev.janus.comm.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one servlet filter in front of every service's {@code /internal/**}: the
 * {@link InternalToken} or an RFC 7807 401/403 with {@code WWW-Authenticate: Bearer
 * realm="janus-internal"}. attention-, expert- and placement-service register it first in their
 * chains (a {@code FilterRegistrationBean}); comm-lib has no Spring, so the servlet API is a
 * provided dependency here and the container's own at run time.
 *
 * <p>Decided on the container's decoded and normalised path (servlet path + path info: no
 * {@code ;params}, no {@code %69nternal}, no dot segments), with repeated slashes merged — the raw
 * request URI would let {@code /internal;x/...} or {@code //internal/...} reach a handler
 * unchecked. Everything else (the OpenAI API, /admin, /actuator) passes untouched.
 */
public final class InternalTokenFilter implements Filter {

    private final InternalToken token;
    private final KeySet otherRealm;

    /**
     * @param otherRealm keys the service accepts elsewhere (placement-service: its admin keys),
     *                   answered 403 here; {@link KeySet#none()} otherwise
     */
    public InternalTokenFilter(InternalToken token, KeySet otherRealm) {
        this.token = token;
        this.otherRealm = otherRealm;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!InternalToken.isInternal(path)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<Problem> refusal = token.refusal(request.getHeader("Authorization"), otherRealm, request.getRequestURI());
        if (refusal.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        Problem problem = refusal.get();
        response.setStatus(problem.status());
        if (problem.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + InternalToken.REALM + "\"");
        }
        response.setContentType(Problem.MEDIA_TYPE);
        byte[] body = problem.toJson().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
