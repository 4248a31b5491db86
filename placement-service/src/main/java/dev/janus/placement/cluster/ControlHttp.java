package dev.janus.placement.cluster;

import dev.janus.comm.security.InternalToken;
import dev.janus.placement.config.PlacementServiceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Plain HTTP for the control plane (/internal/** of the other services): one JDK client, a
 * timeout per call, bodies as bytes. Every failure, a non-2xx status included, is a
 * {@link ServiceCallException}; a 404 can be asked for as a value instead ({@link #send} with
 * {@code notFoundOk}). Every call carries the internal token ({@code moe.internal.token}), which
 * the services' /internal/** requires.
 */
@Component
public class ControlHttp {

    /** A 2xx (or tolerated 404) answer. */
    public record Answer(int status, byte[] body) {

        public boolean found() {
            return status != 404;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient http;
    private final InternalToken token;

    public ControlHttp(PlacementServiceProperties props, InternalToken token) {
        this.http = HttpClient.newBuilder().connectTimeout(props.rollout().connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.token = token;
    }

    public Answer get(URI uri, Duration timeout, boolean notFoundOk) {
        return send(HttpRequest.newBuilder(uri).GET(), uri, timeout, notFoundOk);
    }

    public Answer putJson(URI uri, String json, Duration timeout) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), uri, timeout, false);
    }

    public Answer delete(URI uri, Duration timeout, boolean notFoundOk) {
        return send(HttpRequest.newBuilder(uri).DELETE(), uri, timeout, notFoundOk);
    }

    private Answer send(HttpRequest.Builder request, URI uri, Duration timeout, boolean notFoundOk) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(token.sign(request).timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ServiceCallException(uri, 0, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ServiceCallException(uri, 0, "unreachable (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCallException(uri, 0, "interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2 || (status == 404 && notFoundOk)) {
            return new Answer(status, response.body());
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status == 401 || status == 403) {
            throw new ServiceCallException(uri, status, "HTTP " + status + ": the service refused placement-service's "
                    + "internal token" + (token.configured() ? "" : " (none is configured)") + "; set "
                    + InternalToken.PROPERTY + " (" + InternalToken.ENVIRONMENT_VARIABLE + ") to the same value on every "
                    + "service", null);
        }
        throw new ServiceCallException(uri, status, "HTTP " + status
                + (body.isBlank() ? "" : " " + body.substring(0, Math.min(300, body.length()))), null);
    }

    /** {@code base} + {@code path}, with base's own path (a proxy prefix) kept. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }
}
