package dev.janus.gateway.balance;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import dev.janus.gateway.limit.RequestTooLargeException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Picks the attention instance for an {@code lb://attention-service} request and holds the lease
 * until the response body has been written. It runs just outside Gateway's response writer, so
 * "in flight" covers a whole SSE stream, not only the wait for headers. Failures feed the
 * instance's breaker; when every breaker is open, or the instance cannot be reached, the client
 * gets OpenAI-style 503 JSON ({@link AttentionUriFilter} points the request at the instance).
 *
 * <p>A request is tried once more on another instance when its instance took no part in it: it
 * refused the connection, or it closed the connection before any response byte (a pooled
 * keep-alive connection that the instance closes while shutting down gracefully, in the instant
 * the request goes out on it; or an instance that died). To replay it the body is read first
 * ({@link ReplayableBody}: OpenAI requests are small JSON, at most {@code max-request-size}).
 * Once a response has begun nothing is retried: the instance has answered. A second try repeats
 * no side effect: every request on these routes is a computation (completions, chat, tokenize).
 */
@Component
public class LeastInFlightFilter implements GlobalFilter, Ordered {

    /** Exchange attribute holding the {@link Lease} of the chosen instance. */
    public static final String LEASE_ATTR = LeastInFlightFilter.class.getName() + ".lease";

    private static final Logger log = LoggerFactory.getLogger(LeastInFlightFilter.class);

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
        return ReplayableBody.of(exchange).flatMap(replayable -> attempt(replayable, chain, null));
    }

    /** One try on the least-loaded instance other than {@code refused} (the one a first try could not use). */
    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, @Nullable AttentionInstance refused) {
        Optional<Lease> acquired = pool.acquireExcept(refused);
        if (acquired.isEmpty()) {
            return ErrorResponder.write(exchange, GatewayError.unavailable(refused != null
                    ? "The attention instance is unavailable. Please retry later."
                    : pool.anyReady() ? "No attention instance is healthy at the moment. Please retry later."
                    : "No attention instance is ready at the moment. Please retry later."));
        }
        Lease lease = acquired.get();
        exchange.getAttributes().put(LEASE_ATTR, lease);
        return chain.filter(exchange)
                .then(Mono.fromRunnable(() -> settle(exchange, lease)))
                .onErrorResume(error -> {
                    if (refused == null && untouched(exchange, error)) {
                        lease.failed(error);
                        log.info("{} did not take the request ({}); retrying on another instance", lease.instance().uri(),
                                error.toString());
                        ServerWebExchangeUtils.reset(exchange); // lets the routing filter route once more
                        return attempt(exchange, chain, lease.instance());
                    }
                    return fail(exchange, lease, error);
                })
                .doFinally(signal -> lease.close())
                .then();
    }

    /**
     * The instance took no part in the request: connection refused or connect timeout (nothing was
     * written), or the connection failed (closed, reset: an I/O error, not a response timeout) before
     * any response byte came back and before anything was sent to the client.
     */
    static boolean untouched(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return false;
        }
        boolean noResponse = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || (noResponse && (t instanceof IOException || t instanceof AbortedException))) {
                return true; // PrematureCloseException ("... BEFORE response") is an IOException
            }
        }
        return false;
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
