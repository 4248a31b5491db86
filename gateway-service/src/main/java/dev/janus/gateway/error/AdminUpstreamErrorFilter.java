package dev.janus.gateway.error;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** placement / scaler unreachable or too slow: RFC 7807 503 / 504 instead of Boot's generic 500. */
@Component
public class AdminUpstreamErrorFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (Realm.of(exchange) != Realm.ADMIN) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).onErrorResume(error -> {
            if (exchange.getResponse().isCommitted()) {
                return Mono.error(error);
            }
            if (error instanceof ResponseStatusException rse) {
                if (rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
                    return ErrorResponder.write(exchange, GatewayError.timeout("The admin service did not answer in time."));
                }
                return Mono.error(error);
            }
            return ErrorResponder.write(exchange, GatewayError.unavailable("The admin service is unavailable."));
        });
    }

    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }
}
