package dev.janus.gateway.balance;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import dev.janus.gateway.limit.RequestTooLargeException;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Picks the attention instance for an {@code lb://attention-service} request and holds the lease
 * until the response body has been written. It runs just outside Gateway's response writer, so
 * "in flight" covers a whole SSE stream, not only the wait for headers. Failures feed the
 * instance's breaker; when every breaker is open, or the instance cannot be reached, the client
 * gets OpenAI-style 503 JSON ({@link AttentionUriFilter} points the request at the instance).
 */
@Component
public class LeastInFlightFilter implements GlobalFilter, Ordered {

    /** Exchange attribute holding the {@link Lease} of the chosen instance. */
    public static final String LEASE_ATTR = LeastInFlightFilter.class.getName() + ".lease";

    private final AttentionPool pool;

    public LeastInFlightFilter(AttentionPool pool) {
        this.pool = pool;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route == null || !AttentionPool.ROUTE_URI.equals(route.getUri().toString())) {
            return chain.filter(exchange);
        }
        Optional<Lease> acquired = pool.acquire();
        if (acquired.isEmpty()) {
            return ErrorResponder.write(exchange, GatewayError.unavailable(
                    "No attention instance is healthy at the moment. Please retry later."));
        }
        Lease lease = acquired.get();
        exchange.getAttributes().put(LEASE_ATTR, lease);
        return chain.filter(exchange)
                .then(Mono.fromRunnable(() -> settle(exchange, lease)))
                .onErrorResume(error -> fail(exchange, lease, error))
                .doFinally(signal -> lease.close())
                .then();
    }

    private static void settle(ServerWebExchange exchange, Lease lease) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status != null && status.is5xxServerError()) {
            lease.failed(new UpstreamStatusException(status));
        } else {
            lease.succeeded();
        }
    }

    private static Mono<Void> fail(ServerWebExchange exchange, Lease lease, Throwable error) {
        if (error instanceof RequestTooLargeException) {
            lease.close(); // the client's fault, not the instance's
            return Mono.error(error);
        }
        lease.failed(error);
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error); // mid-stream: only closing the connection is left
        }
        if (error instanceof ResponseStatusException rse && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
            return ErrorResponder.write(exchange, GatewayError.timeout("The attention instance did not answer in time."));
        }
        return ErrorResponder.write(exchange, GatewayError.unavailable(
                "The attention instance is unavailable. Please retry later."));
    }

    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }

    /** A 5xx from an attention instance, recorded as a failure by its breaker. */
    static final class UpstreamStatusException extends RuntimeException {
        UpstreamStatusException(HttpStatusCode status) {
            super("attention instance answered " + status.value(), null, false, false);
        }
    }
}
