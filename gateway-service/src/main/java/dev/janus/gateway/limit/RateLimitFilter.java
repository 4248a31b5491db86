package dev.janus.gateway.limit;

import dev.janus.gateway.auth.ApiKeyFilter;
import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import dev.janus.gateway.error.Realm;
import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Per-key limit on the model API: 429 with Retry-After and OpenAI error JSON once a key's bucket
 * is empty. The key is the caller's API key, or its address when the API is open.
 */
public class RateLimitFilter implements GlobalFilter, Ordered {

    private final KeyRateLimiter limiter;

    public RateLimitFilter(KeyRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (Realm.of(exchange) != Realm.OPENAI) {
            return chain.filter(exchange);
        }
        return limiter.tryAcquire(clientKey(exchange)).flatMap(decision -> {
            if (decision.allowed()) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            return ErrorResponder.write(exchange, GatewayError.rateLimited(
                    "Rate limit reached for requests. Please try again in " + decision.retryAfterSeconds() + "s."));
        });
    }

    static String clientKey(ServerWebExchange exchange) {
        String key = exchange.getAttribute(ApiKeyFilter.CLIENT_KEY_ATTR);
        if (key != null) {
            return "key:" + key;
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return "addr:" + (remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress());
    }

    @Override
    public int getOrder() {
        return ApiKeyFilter.ORDER + 20;
    }
}
