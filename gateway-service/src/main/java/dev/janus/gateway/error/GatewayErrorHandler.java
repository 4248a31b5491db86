package dev.janus.gateway.error;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error that reaches WebFlux's error handling (no route for the path, a malformed request
 * line or escape, a method not allowed, an unexpected failure) is answered in the realm's shape —
 * OpenAI error JSON, or RFC 7807 under /admin — instead of Spring Boot's default body. Ordered
 * before Boot's DefaultErrorWebExceptionHandler (order -1). Unexpected failures are logged here
 * and answered with a generic message: no stack trace reaches a client.
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        return ErrorResponder.write(exchange, toError(exchange, ex));
    }

    static GatewayError toError(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode code = rse.getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            if (status == null) {
                status = code.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY;
            }
            return switch (status) {
                case NOT_FOUND -> GatewayError.notFound("No route for " + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath().value() + ".");
                case SERVICE_UNAVAILABLE -> GatewayError.unavailable(reason(rse, "No healthy upstream instance."));
                case GATEWAY_TIMEOUT -> GatewayError.timeout(reason(rse, "The upstream did not answer in time."));
                default -> new GatewayError(status, status.is4xxClientError() ? "invalid_request_error" : "api_error",
                        status.name().toLowerCase(Locale.ROOT), reason(rse, status.getReasonPhrase() + "."));
            };
        }
        log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return new GatewayError(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error",
                "The gateway failed to handle the request; see its log.");
    }

    private static String reason(ResponseStatusException e, String fallback) {
        String reason = e.getReason();
        return reason == null || reason.isBlank() ? fallback : reason;
    }
}
