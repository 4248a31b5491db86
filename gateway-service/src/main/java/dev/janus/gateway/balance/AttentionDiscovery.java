package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * With {@code moe.gateway.discovery.service-id} set, the attention instances come from Spring
 * Cloud's {@link DiscoveryClient} instead of {@code moe.gateway.attention-uris}, looked up at
 * startup and every {@code moe.gateway.discovery.refresh}. Any DiscoveryClient plugs in: the
 * simple one ({@code spring.cloud.discovery.client.simple.instances.<id>[i].uri}) locally,
 * Kubernetes' in a cluster. The choice among them stays {@link AttentionPool}'s.
 */
@Component
class AttentionDiscovery {

    private static final Logger log = LoggerFactory.getLogger(AttentionDiscovery.class);

    private final AttentionPool pool;
    private final GatewayProperties.Discovery props;
    private final ObjectProvider<DiscoveryClient> discovery;
    private Disposable refreshing;

    AttentionDiscovery(AttentionPool pool, GatewayProperties props, ObjectProvider<DiscoveryClient> discovery) {
        this.pool = pool;
        this.props = props.discovery();
        this.discovery = discovery;
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
        try {
            List<URI> uris = discovery.getObject().getInstances(props.serviceId()).stream()
                    .map(ServiceInstance::getUri).toList();
            List<URI> before = pool.instances().stream().map(AttentionInstance::uri).toList();
            pool.update(uris);
            if (!before.equals(uris)) {
                log.info("attention instances of '{}' from discovery: {}", props.serviceId(), uris);
            }
        } catch (RuntimeException e) {
            log.warn("discovery of '{}' failed, keeping {} instances: {}", props.serviceId(), pool.instances().size(),
                    e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (refreshing != null) {
            refreshing.dispose();
        }
    }
}
