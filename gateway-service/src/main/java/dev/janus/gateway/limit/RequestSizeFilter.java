package dev.janus.gateway.limit;

import dev.janus.gateway.auth.ApiKeyFilter;
import dev.janus.gateway.config.GatewayProperties;
import dev.janus.gateway.error.ErrorResponder;
import dev.janus.gateway.error.GatewayError;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 413 for bodies over {@code moe.gateway.max-request-size}: up front from Content-Length, and for
 * chunked bodies by counting bytes as they stream to the upstream (nothing is buffered here).
 */
@Component
public class RequestSizeFilter implements GlobalFilter, Ordered {

    private final long maxBytes;

    public RequestSizeFilter(GatewayProperties props) {
        this.maxBytes = props.maxRequestSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnNext(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        throw new RequestTooLargeException(maxBytes);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(RequestTooLargeException.class, e -> tooLarge(exchange));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return ErrorResponder.write(exchange, GatewayError.tooLarge(
                "Request body exceeds the limit of " + maxBytes + " bytes."));
    }

    @Override
    public int getOrder() {
        return ApiKeyFilter.ORDER + 10;
    }
}
