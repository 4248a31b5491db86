package dev.janus.gateway.auth;

import dev.janus.gateway.config.GatewayProperties;
import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import dev.janus.gateway.error.Realm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keys: /v1/** accepts {@code moe.gateway.api-keys} as Bearer; /admin/** only
 * {@code moe.gateway.admin-keys}, as Bearer or as the password of HTTP Basic credentials (user
 * name ignored) so that a browser can open placement-service's page through the gateway. The
 * accepted key is kept on the exchange ({@link #CLIENT_KEY_ATTR}) as the rate limiter's key. The
 * Authorization header is forwarded unchanged: placement-service checks its own admin key too
 * (the same key is configured on both in tests and ./run-local).
 *
 * <p>The realms fail differently without keys: no API key leaves the model API open (a laptop's
 * default, as vLLM's), but no admin key closes the admin realm — every /admin request is a 401
 * saying so and nothing is forwarded (a WARN at start says it too): an open admin API could move
 * every expert of the cluster.
 *
 * <p>401 or 403: 401 when the caller is not known (no key, a wrong one, no admin key configured);
 * 403 when the key is known but belongs to the other realm (an API key on /admin, an admin key on
 * /v1) or a Basic change lacks the CSRF header. Both realms' keys are compared, in constant time,
 * whatever the first comparison gave.
 *
 * <p>An admin 401 carries both challenges, {@code Basic realm="janus-admin"} making a browser
 * show its login dialog. A browser also attaches remembered Basic credentials to other sites'
 * form posts (CSRF), so an admin change (POST, PUT, PATCH, DELETE) authenticated with Basic must
 * carry {@code X-Requested-With}, which only same-origin script can set (403 otherwise) — the rule
 * placement-service applies as well, kept here for the scaler route.
 */
@Component
public class ApiKeyFilter implements GlobalFilter, Ordered {

    /** Exchange attribute: the caller's key when one was checked. */
    public static final String CLIENT_KEY_ATTR = ApiKeyFilter.class.getName() + ".key";

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** The protection space of the admin credentials; placement-service answers with the same. */
    public static final String ADMIN_REALM = "janus-admin";
    public static final String CSRF_HEADER = "X-Requested-With";

    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final List<byte[]> apiKeys;
    private final List<byte[]> adminKeys;

    public ApiKeyFilter(GatewayProperties props) {
        this.apiKeys = bytes(props.apiKeys());
        this.adminKeys = bytes(props.adminKeys());
        if (adminKeys.isEmpty()) {
            log.warn("No admin key is configured (moe.gateway.admin-keys): every /admin request is refused (401) and "
                    + "none is forwarded to placement- or scaler-service.");
        }
        if (apiKeys.isEmpty()) {
            log.info("No API key is configured (moe.gateway.api-keys): the OpenAI API (/v1) is open.");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        boolean admin = Realm.of(exchange) == Realm.ADMIN;
        List<byte[]> accepted = admin ? adminKeys : apiKeys;
        if (accepted.isEmpty()) {
            if (!admin) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + ADMIN_REALM + "\"");
            return ErrorResponder.write(exchange, GatewayError.adminKeyNotConfigured("No admin key is configured on the "
                    + "gateway (moe.gateway.admin-keys), so every admin request is refused; nothing was forwarded."));
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        Credentials credentials = admin ? Credentials.parse(header) : new Credentials(bearer(header), false);
        if (!credentials.present()) {
            return reject(exchange, admin, admin
                    ? (credentials.basic() ? "The Basic credentials carry no admin key: the password must be one (any user name)."
                            : "Missing admin key: send Authorization: Bearer <key> (or Basic with the key as password).")
                    : "You didn't provide an API key. Provide it in the Authorization header (Bearer <key>).");
        }
        boolean accepts = matches(accepted, credentials.key());
        boolean otherRealm = matches(admin ? apiKeys : adminKeys, credentials.key());
        if (!accepts) {
            if (otherRealm) {
                return ErrorResponder.write(exchange, admin
                        ? GatewayError.forbidden("api_key_not_admin", "An API key does not open the admin API: "
                                + "/admin needs an admin key (moe.gateway.admin-keys).")
                        : GatewayError.forbidden("admin_key_not_api_key", "An admin key does not open the model API: "
                                + "/v1 needs an API key (moe.gateway.api-keys)."));
            }
            return reject(exchange, admin, admin ? "Incorrect admin key." : "Incorrect API key provided.");
        }
        if (credentials.basic() && !SAFE_METHODS.contains(exchange.getRequest().getMethod())
                && !exchange.getRequest().getHeaders().containsHeader(CSRF_HEADER)) {
            return ErrorResponder.write(exchange, GatewayError.forbidden("csrf_header_required",
                    "An admin change authenticated with HTTP Basic must carry the header " + CSRF_HEADER
                            + " (the placement page sends it): a browser attaches Basic credentials to other "
                            + "sites' form posts too. Scripts: use Bearer."));
        }
        exchange.getAttributes().put(CLIENT_KEY_ATTR, credentials.key());
        return chain.filter(exchange);
    }

    private static Mono<Void> reject(ServerWebExchange exchange, boolean admin, String message) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (admin) {
            headers.add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + ADMIN_REALM + "\"");
            headers.add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + ADMIN_REALM + "\", charset=\"UTF-8\"");
            return ErrorResponder.write(exchange, GatewayError.invalidAdminKey(message));
        }
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return ErrorResponder.write(exchange, GatewayError.invalidApiKey(message));
    }

    /** The key of an {@code Authorization: Bearer <key>} header; null when there is none. */
    public static String bearer(String authorization) {
        Credentials c = Credentials.parse(authorization);
        return c.basic() ? null : c.key();
    }

    /** Constant-time per candidate so a wrong key's timing says nothing about the right one. */
    private static boolean matches(List<byte[]> accepted, String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] candidate : accepted) {
            found |= MessageDigest.isEqual(candidate, given);
        }
        return found;
    }

    private static List<byte[]> bytes(List<String> keys) {
        return keys.stream().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
