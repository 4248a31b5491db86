package dev.janus.gateway.error;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Errors on the admin routes reach the client as RFC 7807 problems, whatever the upstream sent:
 * placement / scaler unreachable or too slow is a 503 / 504 problem instead of Boot's generic
 * 500, and an upstream error answer that is not {@code application/problem+json} (a servlet
 * container's HTML page, Boot's default error JSON, plain text) keeps its status and headers but
 * gets a problem body in place of its own, which is dropped: it is neither the admin API's shape
 * nor meant for clients (it may carry a stack trace). Problem answers pass unchanged, so
 * placement-service's own details (and its WWW-Authenticate challenge) reach the client.
 */
@Component
public class AdminUpstreamErrorFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (Realm.of(exchange) != Realm.ADMIN) {
            return chain.filter(exchange);
        }
        ServerWebExchange problemsOnly = exchange.mutate().response(new ProblemBodies(exchange)).build();
        return chain.filter(problemsOnly).onErrorResume(error -> {
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
        // before NettyWriteResponseFilter, so that the body it writes goes through ProblemBodies
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }

    /** The proxied response: an error status without a problem body gets one. */
    private static final class ProblemBodies extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;

        ProblemBodies(ServerWebExchange exchange) {
            super(exchange.getResponse());
            this.exchange = exchange;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            HttpStatusCode status = getStatusCode();
            if (status == null || !status.isError() || isProblem(getHeaders().getContentType())) {
                return super.writeWith(body);
            }
            GatewayError error = upstreamError(status);
            byte[] problem = ErrorResponder.problem(exchange, error).getBytes(StandardCharsets.UTF_8);
            HttpHeaders headers = getHeaders();
            headers.remove(HttpHeaders.TRANSFER_ENCODING);
            headers.remove(HttpHeaders.CONTENT_ENCODING);
            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            headers.setContentLength(problem.length);
            ServerHttpResponse response = getDelegate();
            return Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.defer(() ->
                    response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(problem)))));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).flatMapSequential(p -> p));
        }

        private static boolean isProblem(MediaType type) {
            return type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }

        private static GatewayError upstreamError(HttpStatusCode code) {
            HttpStatus status = HttpStatus.resolve(code.value());
            if (status == null) {
                status = code.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY;
            }
            return new GatewayError(status, status.is4xxClientError() ? "invalid_request_error" : "api_error",
                    status.name().toLowerCase(Locale.ROOT), "The admin service answered " + code.value() + " "
                    + status.getReasonPhrase() + " without a problem body; see its log for the cause.");
        }
    }
}
