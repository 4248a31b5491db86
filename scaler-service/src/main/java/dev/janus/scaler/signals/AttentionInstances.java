package dev.janus.scaler.signals;

import dev.janus.comm.discovery.DnsInstances;
import dev.janus.scaler.config.ScalerProperties.Instances;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Where the attention-services are: {@code moe.scaler.signals.attention.uris}; or with a
 * {@code service-id} Spring Cloud's {@link DiscoveryClient}; or with {@code dns} every address of
 * that name (the headless Service in k8s/, comm-lib DnsInstances) — as placement-service's
 * cluster/ServiceInstances. Looked up on every scrape, so instances the scaler adds are seen.
 */
public final class AttentionInstances {

    private final Instances config;
    private final ObjectProvider<DiscoveryClient> discovery;
    private final DnsInstances dns;

    public AttentionInstances(Instances config, ObjectProvider<DiscoveryClient> discovery) {
        this(config, discovery, new DnsInstances(DnsInstances.SYSTEM));
    }

    public AttentionInstances(Instances config, ObjectProvider<DiscoveryClient> discovery, DnsInstances dns) {
        this.config = config;
        this.discovery = discovery;
        this.dns = dns;
    }

    public List<URI> uris() {
        if (!config.discovered()) {
            return config.dns() == null ? config.uris() : dns.resolve(config.dns());
        }
        DiscoveryClient client = discovery.getIfAvailable();
        if (client == null) {
            throw new SignalsUnavailableException("service-id " + config.serviceId() + " is set but there is no DiscoveryClient");
        }
        return client.getInstances(config.serviceId()).stream().map(ServiceInstance::getUri).toList();
    }
}
