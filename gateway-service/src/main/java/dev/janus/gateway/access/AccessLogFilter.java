package dev.janus.gateway.access;

import dev.janus.gateway.auth.Credentials;
import dev.janus.gateway.balance.Lease;
import dev.janus.gateway.balance.LeastInFlightFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One INFO line per request once its response has ended (a whole SSE stream): method, path,
 * status, milliseconds, the attention instance chosen (the last one when the request was
 * retried) and a key id, the first 8 hex digits of the SHA-256 of the Bearer key, which tells
 * keys apart in logs without revealing them. Health probes and scrapes (/actuator) are not
 * logged: they would drown the requests.
 */
@Component
public class AccessLogFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger("dev.janus.gateway.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        return chain.filter(exchange)
                .doOnError(failure::set)
                .doFinally(signal -> log(exchange, path, start, signal, failure.get()));
    }

    private static void log(ServerWebExchange exchange, String path, long start, SignalType signal,
                            @Nullable Throwable failure) {
        // an error is turned into a status by the exception handlers, which run after the filters
        HttpStatusCode status = failure == null ? exchange.getResponse().getStatusCode()
                : failure instanceof ResponseStatusException rse ? rse.getStatusCode() : HttpStatus.INTERNAL_SERVER_ERROR;
        Lease lease = exchange.getAttribute(LeastInFlightFilter.LEASE_ATTR);
        String key = Credentials.parse(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).key();
        log.info("{} {} {} {}ms instance={} key={}{}", exchange.getRequest().getMethod(), path,
                status == null ? "-" : status.value(), (System.nanoTime() - start) / 1_000_000,
                lease == null ? "-" : lease.instance().uri(), key == null ? "-" : keyId(key),
                signal == SignalType.CANCEL ? " (client went away)" : "");
    }

    /** First 8 hex digits of SHA-256(key): stable per key, not reversible. */
    static String keyId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // outermost: sees the final status and the whole duration
    }
}
