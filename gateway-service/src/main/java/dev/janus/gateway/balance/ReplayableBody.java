package dev.janus.gateway.balance;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The request body read once into a byte array and handed out as a fresh buffer to every reader,
 * so that a request can be sent to a second attention instance when the first took no part in it.
 * Bodies of the attention routes are small JSON; {@code RequestSizeFilter} runs before and stops
 * reading at {@code moe.gateway.max-request-size} (413), so no more than that is ever held.
 */
final class ReplayableBody {

    private static final byte[] EMPTY = new byte[0];

    private ReplayableBody() {
    }

    /** The exchange with its request body read and replayable. */
    static Mono<ServerWebExchange> of(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody())
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(EMPTY)
                .map(bytes -> exchange.mutate().request(replaying(exchange, bytes)).build());
    }

    private static ServerHttpRequestDecorator replaying(ServerWebExchange exchange, byte[] bytes) {
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                // a new buffer per subscription: the routing filter's write releases the one it sent
                return bytes.length == 0 ? Flux.empty() : Flux.defer(() -> Flux.just(buffers.wrap(bytes)));
            }
        };
    }
}
