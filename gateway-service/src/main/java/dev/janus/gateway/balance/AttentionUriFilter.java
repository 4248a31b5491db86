package dev.janus.gateway.balance;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Rewrites {@code lb://attention-service/v1/...} to the leased instance's address. It runs where
 * Spring Cloud LoadBalancer's filter would (after the route URL is built), which we do not use
 * because its choice would not know about in-flight requests or our breakers.
 */
@Component
public class AttentionUriFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Lease lease = exchange.getAttribute(LeastInFlightFilter.LEASE_ATTR);
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (lease == null || url == null || !"lb".equals(url.getScheme())) {
            return chain.filter(exchange);
        }
        URI target = lease.instance().uri();
        URI rewritten = UriComponentsBuilder.fromUri(url)
                .scheme(target.getScheme())
                .host(target.getHost())
                .port(target.getPort())
                .build(true)
                .toUri();
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, rewritten);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 150;
    }
}
