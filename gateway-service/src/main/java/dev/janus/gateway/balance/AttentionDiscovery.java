package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * With {@code moe.gateway.discovery.service-id} set, the attention instances come from Spring
 * Cloud's {@link DiscoveryClient} instead of {@code moe.gateway.attention-uris}; with
 * {@code moe.gateway.discovery.dns} they are every address of that name (the headless Service of
 * k8s/: one A record per pod, ready or not). Looked up at startup and every
 * {@code moe.gateway.discovery.refresh}. Any DiscoveryClient plugs in: the simple one
 * ({@code spring.cloud.discovery.client.simple.instances.<id>[i].uri}) locally, or another.
 * The choice among them stays {@link AttentionPool}'s; a discovered instance takes requests once
 * its readiness check passes ({@link ReadinessChecks}).
 *
 * <p>The DNS rule is comm-lib DnsInstances' (addresses in order, same scheme and port, a name
 * without records = no instances), written out here because the gateway does not carry comm-lib's
 * gRPC stack for it.
 */
@Component
class AttentionDiscovery {

    private static final Logger log = LoggerFactory.getLogger(AttentionDiscovery.class);

    private final AttentionPool pool;
    private final ReadinessChecks readiness;
    private final GatewayProperties.Discovery props;
    private final ObjectProvider<DiscoveryClient> discovery;
    private final Resolver resolver;
    private Disposable refreshing;

    /** All addresses of a host name (the JVM's resolver; a table in tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Autowired
    AttentionDiscovery(AttentionPool pool, ReadinessChecks readiness, GatewayProperties props,
                       ObjectProvider<DiscoveryClient> discovery) {
        this(pool, readiness, props, discovery, InetAddress::getAllByName);
    }

    AttentionDiscovery(AttentionPool pool, ReadinessChecks readiness, GatewayProperties props,
                       ObjectProvider<DiscoveryClient> discovery, Resolver resolver) {
        this.pool = pool;
        this.readiness = readiness;
        this.props = props.discovery();
        this.discovery = discovery;
        this.resolver = resolver;
    }

    @PostConstruct
    void start() {
        if (!props.enabled()) {
            return;
        }
        refresh();
        // DiscoveryClient is blocking: look up off the event loops
        refreshing = Flux.interval(props.refresh(), props.refresh(), Schedulers.boundedElastic())
                .subscribe(tick -> refresh());
    }

    void refresh() {
        String source = props.serviceId().isBlank() ? String.valueOf(props.dns()) : props.serviceId();
        try {
            List<URI> uris = props.serviceId().isBlank() ? addresses(props.dns())
                    : discovery.getObject().getInstances(props.serviceId()).stream().map(ServiceInstance::getUri).toList();
            List<URI> before = pool.instances().stream().map(AttentionInstance::uri).toList();
            pool.update(uris);
            if (!before.equals(uris)) {
                log.info("attention instances of '{}' from discovery: {}", source, uris);
                readiness.checkNow(); // new instances take requests as soon as they are ready, not an interval later
            }
        } catch (RuntimeException e) {
            log.warn("discovery of '{}' failed, keeping {} instances: {}", source, pool.instances().size(), e.toString());
        }
    }

    private List<URI> addresses(URI service) {
        InetAddress[] found;
        try {
            found = resolver.resolve(service.getHost());
        } catch (UnknownHostException e) {
            return List.of(); // a headless Service without ready pods answers NXDOMAIN
        }
        return Arrays.stream(found).map(InetAddress::getHostAddress).distinct().sorted().map(address -> {
            try {
                return new URI(service.getScheme(), null, address, service.getPort(), service.getPath(), null, null);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot put address " + address + " into " + service, e);
            }
        }).toList();
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) {
            refreshing.dispose();
        }
    }
}
