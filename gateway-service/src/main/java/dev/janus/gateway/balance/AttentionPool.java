package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The attention instances (configured, or discovered: {@link AttentionDiscovery}) and the choice
 * among them: only ready instances ({@link ReadinessChecks}) are candidates; fewest requests in
 * flight wins (a slow instance accumulates in-flight requests and so gets fewer new ones); ties
 * rotate round-robin; an instance whose breaker does not permit a call is skipped (the second
 * line, for an instance that fails between two readiness checks).
 *
 * <p>Per instance (tag {@code attention} = its URI) on /actuator/prometheus:
 * {@code janus_gateway_attention_ready} (1/0), {@code janus_gateway_attention_in_flight} and
 * {@code janus_gateway_attention_served_total}.
 */
@Component
public class AttentionPool {

    /** The openai-api route's URI; its requests are sent to the instance {@link #acquire()} picks. */
    public static final String ROUTE_URI = "lb://attention-service";

    private final CircuitBreakerRegistry breakers;
    private final MeterRegistry meters;
    private final boolean readyUntilChecked;
    private volatile List<AttentionInstance> instances;
    private final Map<URI, List<Meter>> instanceMeters = new ConcurrentHashMap<>();
    private final AtomicInteger rotation = new AtomicInteger();

    public AttentionPool(GatewayProperties props, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this.breakers = breakers;
        this.meters = meters;
        // with checks, an instance takes requests only once its probe said so (it may not run yet)
        this.readyUntilChecked = !props.healthCheck().enabled();
        // with discovery the list starts empty and fills on the first lookup (at startup)
        this.instances = props.discovery().enabled() ? List.of()
                : props.attentionUris().stream().distinct().map(this::newInstance).toList();
    }

    /**
     * The least-loaded ready instance whose breaker grants a call (the permission is then held: end
     * the call with {@link Lease#close}); empty when none is ready or every breaker is open.
     */
    public Optional<Lease> acquire() {
        return acquireExcept(null);
    }

    /** As {@link #acquire()}, never choosing {@code excluded} (an instance that just failed to take the request). */
    public Optional<Lease> acquireExcept(@Nullable AttentionInstance excluded) {
        List<AttentionInstance> ready = instances.stream().filter(AttentionInstance::ready).toList();
        int n = ready.size();
        if (n == 0) {
            return Optional.empty();
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        List<AttentionInstance> byLoad = IntStream.range(0, n)
                .mapToObj(i -> ready.get((start + i) % n))
                .sorted(Comparator.comparingInt(AttentionInstance::inFlight)) // stable: rotation breaks ties
                .toList();
        for (AttentionInstance instance : byLoad) {
            if (instance != excluded && instance.breaker().tryAcquirePermission()) {
                return Optional.of(new Lease(instance));
            }
        }
        return Optional.empty();
    }

    public List<AttentionInstance> instances() {
        return instances;
    }

    /** True when some instance is ready (so an empty {@link #acquire()} means open breakers). */
    public boolean anyReady() {
        return instances.stream().anyMatch(AttentionInstance::ready);
    }

    /** Replaces the instances; those already known keep their state, new ones wait for their first check. */
    void update(Collection<URI> uris) {
        Map<URI, AttentionInstance> known = instances.stream()
                .collect(Collectors.toMap(AttentionInstance::uri, Function.identity()));
        List<AttentionInstance> next = uris.stream().distinct()
                .map(uri -> known.containsKey(uri) ? known.get(uri) : newInstance(uri))
                .toList();
        instances = next;
        known.keySet().stream().filter(uri -> !uris.contains(uri)).forEach(this::removeMeters);
    }

    private AttentionInstance newInstance(URI uri) {
        AttentionInstance instance = new AttentionInstance(uri, breakers.circuitBreaker(breakerName(uri), "attention"),
                readyUntilChecked);
        String tag = uri.toString();
        instanceMeters.put(uri, List.of(
                Gauge.builder("janus.gateway.attention.ready", instance, i -> i.ready() ? 1 : 0).tag("attention", tag)
                        .description("1 while the attention instance's readiness check passes").register(meters),
                Gauge.builder("janus.gateway.attention.in.flight", instance, AttentionInstance::inFlight).tag("attention", tag)
                        .description("requests this gateway is serving through the attention instance").register(meters),
                FunctionCounter.builder("janus.gateway.attention.served", instance, AttentionInstance::served)
                        .tag("attention", tag).description("requests the attention instance answered below 500")
                        .register(meters)));
        return instance;
    }

    private void removeMeters(URI uri) {
        List<Meter> gone = instanceMeters.remove(uri);
        if (gone != null) {
            gone.forEach(meters::remove);
        }
    }

    static String breakerName(URI uri) {
        return "attention-" + uri.getHost() + "-" + uri.getPort();
    }
}
