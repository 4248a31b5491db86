package dev.janus.comm.placement;

import dev.janus.comm.security.InternalToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The epoch a service starts with (DESIGN.md §10: "a process that was down learns the current
 * epoch before it serves again"): placement-service's current epoch when {@code
 * moe.placement.service} is set and it has one; else the placement file; else round robin.
 * An unreachable placement-service is asked again until {@code service-wait} has passed; it
 * pushes the current epoch later anyway (its reconcile loop). The request carries the internal
 * token ({@link InternalToken}); a refusal (401, 403) is a configuration error and fails the start
 * at once, naming the setting: placement-service could not push epochs to this service either.
 */
public final class StartPlacement {

    /** Where the start epoch came from, for the log line. */
    public record Resolved(PlacementEpoch epoch, String source) {
    }

    private StartPlacement() {
    }

    /** @param token sent to placement-service ({@code moe.internal.token}) */
    public static Resolved resolve(PlacementConfig config, InternalToken token, int layers, int logicalExperts,
                                   Consumer<String> warn) {
        if (config.service() != null) {
            PlacementEpoch current = fetchCurrent(config.service(), token, config.serviceWait(), problem -> warn.accept(
                    problem + "; starting from the configured placement, placement-service will push its current epoch"));
            if (current != null) {
                return new Resolved(checked(current, layers, logicalExperts, "placement-service"),
                        "placement-service " + config.service());
            }
        }
        if (config.file() != null) {
            return new Resolved(checked(PlacementJson.read(config.file()), layers, logicalExperts, config.file().toString()),
                    "file " + config.file());
        }
        return new Resolved(config.roundRobin(layers, logicalExperts), "round robin");
    }

    private static PlacementEpoch checked(PlacementEpoch epoch, int layers, int experts, String source) {
        if (epoch.layers() != layers || epoch.logicalExperts() != experts) {
            throw new IllegalArgumentException(source + ": the placement has " + epoch.layers() + " layers of "
                    + epoch.logicalExperts() + " experts; the model has " + layers + " layers of " + experts);
        }
        return epoch;
    }

    /**
     * placement-service's current epoch, asked once, for a process that is about to serve: read
     * again once it listens, it cannot miss a commit that placement-service found it not
     * listening for (a rollout counts a refused connection as a process holding no epoch).
     *
     * @return the epoch, or null when {@code moe.placement.service} is unset, placement-service
     *     has none or did not answer (then {@code warn} says why)
     */
    public static PlacementEpoch latest(PlacementConfig config, InternalToken token, Consumer<String> warn) {
        return config.service() == null ? null : fetchCurrent(config.service(), token, Duration.ZERO, warn);
    }

    /** The current epoch, or null when placement-service has none yet or stays unreachable. */
    static PlacementEpoch fetchCurrent(URI service, InternalToken token, Duration wait, Consumer<String> warn) {
        URI uri = service.resolve("/internal/placement/current");
        long until = System.nanoTime() + wait.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = token.sign(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(10)).GET().build();
            while (true) {
                String problem;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return PlacementJson.decode(response.body());
                    }
                    if (response.statusCode() == 404) {
                        return null; // no epoch applied yet: start from the file or round robin
                    }
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        throw new IllegalStateException("placement-service " + uri + " refused this service's internal "
                                + "token (HTTP " + response.statusCode() + (token.configured() ? "" : ", none is configured")
                                + "): set " + InternalToken.PROPERTY + " (environment " + InternalToken.ENVIRONMENT_VARIABLE
                                + ") to the same value on every service");
                    }
                    problem = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    problem = e.toString();
                }
                if (System.nanoTime() >= until) {
                    warn.accept("placement-service " + uri + " unreachable (" + problem + ")");
                    return null;
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
