package dev.janus.placement.cluster;

import dev.janus.comm.discovery.DnsInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.config.PlacementServiceProperties.Instances;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;

/**
 * Where the attention- and expert-services are: {@code moe.placement-service.attention.uris} /
 * {@code experts.uris}; or, with a {@code service-id}, Spring Cloud's {@link DiscoveryClient};
 * or, in Kubernetes (k8s/), every address of the attention-services' headless Service
 * ({@code attention.dns}, comm-lib DnsInstances) and the expert StatefulSet's pod names
 * ({@code experts.uri-template} + {@code count}). Looked up on every use, so scaled pods are seen.
 *
 * <p>An expert-service's MoE instance id is its list or template index; from discovery, its
 * {@value #INSTANCE_METADATA} metadata when every instance has one (a StatefulSet pod ordinal),
 * else the order discovery returns them in.
 */
@Component
public class ServiceInstances {

    public static final String INSTANCE_METADATA = "moe-instance";

    private final PlacementServiceProperties props;
    private final ObjectProvider<DiscoveryClient> discovery;
    private final DnsInstances dns;

    @Autowired
    public ServiceInstances(PlacementServiceProperties props, ObjectProvider<DiscoveryClient> discovery) {
        this(props, discovery, new DnsInstances(DnsInstances.SYSTEM));
    }

    public ServiceInstances(PlacementServiceProperties props, ObjectProvider<DiscoveryClient> discovery,
                            DnsInstances dns) {
        this.props = props;
        this.discovery = discovery;
        this.dns = dns;
        if (props.experts().dns() != null && !props.experts().discovered()) {
            throw new IllegalArgumentException("moe.placement-service.experts.dns is not supported: an address carries "
                    + "no MoE instance id; use experts.uri-template (StatefulSet pod names) or experts.uris");
        }
    }

    public List<URI> attention() {
        Instances a = props.attention();
        if (a.discovered()) {
            return lookUp(a.serviceId()).stream().map(ServiceInstance::getUri).toList();
        }
        if (a.dns() != null) {
            return dns.resolve(a.dns());
        }
        return a.uriTemplate().isBlank() ? a.uris() : a.templated();
    }

    public List<ExpertInstance> experts() {
        Instances e = props.experts();
        if (!e.discovered()) {
            List<URI> listed = e.uriTemplate().isBlank() ? e.uris() : e.templated();
            return IntStream.range(0, listed.size()).mapToObj(i -> new ExpertInstance(i, listed.get(i))).toList();
        }
        List<ServiceInstance> found = lookUp(e.serviceId());
        boolean numbered = !found.isEmpty()
                && found.stream().allMatch(s -> s.getMetadata().get(INSTANCE_METADATA) != null);
        List<ExpertInstance> experts = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            ServiceInstance s = found.get(i);
            int id = numbered ? Integer.parseInt(s.getMetadata().get(INSTANCE_METADATA).strip()) : i;
            experts.add(new ExpertInstance(id, s.getUri()));
        }
        experts.sort(Comparator.comparingInt(ExpertInstance::id));
        return experts;
    }

    private List<ServiceInstance> lookUp(String serviceId) {
        DiscoveryClient client = discovery.getIfAvailable();
        if (client == null) {
            throw new IllegalStateException("service-id " + serviceId + " is set but there is no DiscoveryClient");
        }
        return client.getInstances(serviceId);
    }
}
