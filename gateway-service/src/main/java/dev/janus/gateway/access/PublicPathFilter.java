package dev.janus.gateway.access;

import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Keeps the attention instances' own endpoints (/internal/**, /actuator/**) out of reach of the
 * public routes. The gateway forwards a path as it came, and a servlet container normalises it
 * after decoding: {@code /v1/../internal/x}, {@code /v1/%2e%2e/internal/x} or
 * {@code /v1/..;/actuator/prometheus} would match /v1/** here and become /internal/x there. So
 * any path with a dot segment (also percent-encoded, or hidden behind ;parameters) or with an
 * encoded or back slash is refused with an OpenAI-style 404 before routing, as is /internal/**.
 */
@Component
public class PublicPathFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getPath().value();
        if (isPublic(raw)) {
            return chain.filter(exchange);
        }
        return ErrorResponder.write(exchange, GatewayError.notFound("Unknown path " + raw));
    }

    static boolean isPublic(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
            return false;
        }
        String decoded;
        try {
            decoded = UriUtils.decode(rawPath, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false; // a broken %-escape
        }
        for (String segment : decoded.split("/", -1)) {
            int params = segment.indexOf(';');
            String name = params >= 0 ? segment.substring(0, params) : segment;
            if (name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return !(decoded.equals("/internal") || decoded.startsWith("/internal/") || decoded.startsWith("/internal;"));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // inside the access log, before anything else
    }
}
