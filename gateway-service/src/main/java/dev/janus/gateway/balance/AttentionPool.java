package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The attention instances (configured, or discovered: {@link AttentionDiscovery}) and the choice
 * among them: fewest requests in flight wins (a slow instance accumulates in-flight requests and
 * so gets fewer new ones); ties rotate round-robin; an instance whose breaker does not permit a
 * call is skipped.
 */
@Component
public class AttentionPool {

    /** The openai-api route's URI; its requests are sent to the instance {@link #acquire()} picks. */
    public static final String ROUTE_URI = "lb://attention-service";

    private final CircuitBreakerRegistry breakers;
    private volatile List<AttentionInstance> instances;
    private final AtomicInteger rotation = new AtomicInteger();

    public AttentionPool(GatewayProperties props, CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
        // with discovery the list starts empty and fills on the first lookup (at startup)
        this.instances = props.discovery().enabled() ? List.of()
                : props.attentionUris().stream().distinct().map(this::newInstance).toList();
    }

    /**
     * The least-loaded instance whose breaker grants a call (the permission is then held: end the
     * call with {@link Lease#close}); empty when every breaker is open.
     */
    public Optional<Lease> acquire() {
        return acquireExcept(null);
    }

    /** As {@link #acquire()}, never choosing {@code excluded} (an instance that just refused a connection). */
    public Optional<Lease> acquireExcept(@Nullable AttentionInstance excluded) {
        List<AttentionInstance> current = instances;
        int n = current.size();
        if (n == 0) {
            return Optional.empty();
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        List<AttentionInstance> byLoad = IntStream.range(0, n)
                .mapToObj(i -> current.get((start + i) % n))
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

    /** Replaces the instances; those already known keep their in-flight count and breaker. */
    void update(Collection<URI> uris) {
        Map<URI, AttentionInstance> known = instances.stream()
                .collect(Collectors.toMap(AttentionInstance::uri, Function.identity()));
        instances = uris.stream().distinct()
                .map(uri -> known.containsKey(uri) ? known.get(uri) : newInstance(uri))
                .toList();
    }

    private AttentionInstance newInstance(URI uri) {
        return new AttentionInstance(uri, breakers.circuitBreaker(breakerName(uri), "attention"));
    }

    static String breakerName(URI uri) {
        return "attention-" + uri.getHost() + "-" + uri.getPort();
    }
}
