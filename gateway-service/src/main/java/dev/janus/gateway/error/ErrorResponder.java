package dev.janus.gateway.error;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a {@link GatewayError} as OpenAI error JSON or, on admin routes, RFC 7807 problem JSON. */
public final class ErrorResponder {

    private ErrorResponder() {}

    /** Completes the exchange with {@code error}; a no-op error when the response is already committed. */
    public static Mono<Void> write(ServerWebExchange exchange, GatewayError error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(error.status());
        String body;
        if (Realm.of(exchange) == Realm.ADMIN) {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            body = problem(exchange, error);
        } else {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            body = "{\"error\":{\"message\":" + quote(error.message())
                    + ",\"type\":" + quote(error.type())
                    + ",\"param\":null,\"code\":" + quote(error.code()) + "}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    /** {@code error} as RFC 7807 problem JSON, {@code instance} the request's path. */
    static String problem(ServerWebExchange exchange, GatewayError error) {
        return "{\"type\":\"about:blank\",\"title\":" + quote(error.status().getReasonPhrase())
                + ",\"status\":" + error.status().value()
                + ",\"detail\":" + quote(error.message())
                + ",\"instance\":" + quote(exchange.getRequest().getPath().value())
                + ",\"code\":" + quote(error.code()) + "}";
    }

    /** JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
