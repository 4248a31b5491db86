package dev.janus.gateway.error;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a route serves, read from the route's metadata: decides which keys are accepted and how
 * errors look (STYLE.md: OpenAI error JSON for the model API, RFC 7807 for admin REST).
 */
public enum Realm {
    OPENAI,
    ADMIN;

    public static final String METADATA_KEY = "janus-realm";

    /** The realm of the exchange's matched route; with none, ADMIN for paths under /admin, else OPENAI. */
    public static Realm of(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route == null) {
            String path = exchange.getRequest().getPath().value();
            return path.equals("/admin") || path.startsWith("/admin/") ? ADMIN : OPENAI;
        }
        return ADMIN.name().equals(route.getMetadata().get(METADATA_KEY)) ? ADMIN : OPENAI;
    }
}
