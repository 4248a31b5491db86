package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * The configured attention instances and the choice among them: fewest requests in flight
 * wins (a slow instance accumulates in-flight requests and so gets fewer new ones); ties rotate
 * round-robin; an instance whose breaker does not permit a call is skipped.
 */
@Component
public class AttentionPool {

    /** The openai-api route's URI; its requests are sent to the instance {@link #acquire()} picks. */
    public static final String ROUTE_URI = "lb://attention-service";

    private final List<AttentionInstance> instances;
    private final AtomicInteger rotation = new AtomicInteger();

    public AttentionPool(GatewayProperties props, CircuitBreakerRegistry breakers) {
        this.instances = props.attentionUris().stream()
                .map(uri -> new AttentionInstance(uri, breakers.circuitBreaker(breakerName(uri), "attention")))
                .toList();
    }

    /**
     * The least-loaded instance whose breaker grants a call (the permission is then held: end the
     * call with {@link Lease#close}); empty when every breaker is open.
     */
    public Optional<Lease> acquire() {
        int n = instances.size();
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        List<AttentionInstance> byLoad = IntStream.range(0, n)
                .mapToObj(i -> instances.get((start + i) % n))
                .sorted(Comparator.comparingInt(AttentionInstance::inFlight)) // stable: rotation breaks ties
                .toList();
        for (AttentionInstance instance : byLoad) {
            if (instance.breaker().tryAcquirePermission()) {
                return Optional.of(new Lease(instance));
            }
        }
        return Optional.empty();
    }

    public List<AttentionInstance> instances() {
        return instances;
    }

    static String breakerName(URI uri) {
        return "attention-" + uri.getHost() + "-" + uri.getPort();
    }
}
