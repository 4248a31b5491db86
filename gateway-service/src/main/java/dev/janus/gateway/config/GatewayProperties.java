package dev.janus.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Upstreams, keys and limits of the gateway, bound and validated at startup so that a malformed
 * URI or a zero burst fails the boot, not a request. Defaults run locally: the model API open (no
 * API keys), the admin API closed (no admin keys), one attention instance on :8081.
 *
 * @param attentionUris  attention-service instances; requests go to the one with fewest in flight
 * @param discovery      or: the instances from Spring Cloud discovery (then attentionUris is unused)
 * @param healthCheck    active readiness checks of the attention instances: only ready ones get requests
 * @param placementUri   placement-service, target of /admin/placement/**
 * @param scalerUri      scaler-service, target of /admin/scaler/**
 * @param apiKeys        Bearer keys accepted on /v1/**; empty = open
 * @param adminKeys      keys accepted on /admin/** (Bearer, or Basic's password); empty = every
 *                       admin request refused (401), nothing forwarded
 * @param rateLimit      per-key token bucket on /v1/**
 * @param timeouts       connect / response timeouts per route kind
 * @param maxRequestSize largest request body accepted (413 above)
 */
@Validated
@ConfigurationProperties("moe.gateway")
public record GatewayProperties(
        @NotEmpty @DefaultValue("http://localhost:8081") List<@NotNull URI> attentionUris,
        @Valid @NotNull @DefaultValue Discovery discovery,
        @Valid @NotNull @DefaultValue HealthCheck healthCheck,
        @NotNull @DefaultValue("http://localhost:8083") URI placementUri,
        @NotNull @DefaultValue("http://localhost:8084") URI scalerUri,
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> adminKeys,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @Valid @NotNull @DefaultValue Timeouts timeouts,
        @NotNull @DefaultValue("1MB") DataSize maxRequestSize) {

    /**
     * @param serviceId the attention instances' service id in the DiscoveryClient; empty = use attention-uris
     * @param dns       else, when set: one instance per address of this name, e.g. the attention
     *                  instances' headless Service in Kubernetes, {@code http://attention-service:8081}
     * @param refresh   how often the instances are looked up again
     */
    public record Discovery(
            @NotNull @DefaultValue("") String serviceId,
            @Nullable URI dns,
            @NotNull @DefaultValue("5s") Duration refresh) {

        public Discovery {
            if (refresh.isZero() || refresh.isNegative()) {
                throw new IllegalArgumentException("moe.gateway.discovery.refresh must be positive");
            }
            if (dns != null && (dns.getScheme() == null || dns.getHost() == null || dns.getPort() < 0)) {
                throw new IllegalArgumentException("moe.gateway.discovery.dns: expected scheme://dns-name:port, got '"
                        + dns + "'");
            }
        }

        public boolean enabled() {
            return !serviceId.isBlank() || dns != null;
        }
    }

    /**
     * Every {@code interval} each attention instance's {@code path} is asked (GET, {@code timeout}):
     * 200 = ready, anything else (503 while Spring's readiness is REFUSING_TRAFFIC during a graceful
     * shutdown, a refused connection while it does not run yet) = not ready. So the list may name
     * instances that do not run yet (scale-out targets), and an instance shutting down leaves
     * before it stops accepting connections. Off: every instance counts as ready, and only the
     * breakers keep failing ones out.
     *
     * @param enabled  off = no checks
     * @param interval time between two checks of one instance (joining and leaving take up to this long)
     * @param timeout  an answer slower than this = not ready
     * @param path     the readiness probe of attention-service (Spring Boot's)
     */
    public record HealthCheck(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("2s") Duration interval,
            @NotNull @DefaultValue("1s") Duration timeout,
            @NotNull @DefaultValue("/actuator/health/readiness") String path) {

        public HealthCheck {
            if (interval.isZero() || interval.isNegative() || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("moe.gateway.health-check.interval and .timeout must be positive");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("moe.gateway.health-check.path must start with /, got '" + path + "'");
            }
        }
    }

    /** Which store holds the token buckets. AUTO = Redis when {@code spring.data.redis.host/url} is set. */
    public enum RateLimitBackend { AUTO, MEMORY, REDIS }

    /**
     * @param enabled           off = no rate limiting at all
     * @param replenishPerSecond tokens added per second per key (sustained requests/s)
     * @param burst             bucket capacity (requests accepted at once)
     * @param backend           in-memory or Redis (Spring Cloud Gateway's RedisRateLimiter)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @Positive @DefaultValue("10") int replenishPerSecond,
            @Positive @DefaultValue("20") int burst,
            @NotNull @DefaultValue("AUTO") RateLimitBackend backend) {}

    /**
     * @param connect  TCP connect timeout to any upstream
     * @param response longest gap while reading an attention response (an SSE stream between tokens)
     * @param admin    response timeout for the admin routes
     */
    public record Timeouts(
            @NotNull @DefaultValue("2s") Duration connect,
            @NotNull @DefaultValue("120s") Duration response,
            @NotNull @DefaultValue("120s") Duration admin) {}
}
