package dev.janus.gateway.auth;

import dev.janus.gateway.config.GatewayProperties;
import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import dev.janus.gateway.error.Realm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bearer keys: /v1/** accepts {@code moe.gateway.api-keys}, /admin/** only
 * {@code moe.gateway.admin-keys}; an empty list leaves that realm open. The accepted key is kept
 * on the exchange ({@link #CLIENT_KEY_ATTR}) as the rate limiter's key.
 */
@Component
public class ApiKeyFilter implements GlobalFilter, Ordered {

    /** Exchange attribute: the caller's Bearer key when one was checked. */
    public static final String CLIENT_KEY_ATTR = ApiKeyFilter.class.getName() + ".key";

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final List<byte[]> apiKeys;
    private final List<byte[]> adminKeys;

    public ApiKeyFilter(GatewayProperties props) {
        this.apiKeys = bytes(props.apiKeys());
        this.adminKeys = bytes(props.adminKeys());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<byte[]> accepted = Realm.of(exchange) == Realm.ADMIN ? adminKeys : apiKeys;
        if (accepted.isEmpty()) {
            return chain.filter(exchange);
        }
        String key = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return reject(exchange, "You didn't provide an API key. Provide it in the Authorization header (Bearer <key>).");
        }
        if (!matches(accepted, key)) {
            return reject(exchange, "Incorrect API key provided.");
        }
        exchange.getAttributes().put(CLIENT_KEY_ATTR, key);
        return chain.filter(exchange);
    }

    private static Mono<Void> reject(ServerWebExchange exchange, String message) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return ErrorResponder.write(exchange, GatewayError.invalidApiKey(message));
    }

    /** The key of an {@code Authorization: Bearer <key>} header; null when there is none. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorization.substring(7).trim();
        return key.isEmpty() ? null : key;
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
