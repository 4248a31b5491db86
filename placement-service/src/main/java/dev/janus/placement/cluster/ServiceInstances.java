package dev.janus.placement.cluster;

import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.config.PlacementServiceProperties.Instances;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;

/**
 * Where the attention- and expert-services are: {@code moe.placement-service.attention.uris} /
 * {@code experts.uris}, or, with a {@code service-id}, Spring Cloud's {@link DiscoveryClient}
 * (the simple one locally, Kubernetes' in a cluster — the same way the gateway finds attention
 * instances). Looked up on every use: discovery clients cache on their own.
 *
 * <p>An expert-service's MoE instance id is its list index; from discovery, its
 * {@value #INSTANCE_METADATA} metadata when every instance has one (a StatefulSet pod ordinal),
 * else the order discovery returns them in.
 */
@Component
public class ServiceInstances {

    public static final String INSTANCE_METADATA = "moe-instance";

    private final PlacementServiceProperties props;
    private final ObjectProvider<DiscoveryClient> discovery;

    public ServiceInstances(PlacementServiceProperties props, ObjectProvider<DiscoveryClient> discovery) {
        this.props = props;
        this.discovery = discovery;
    }

    public List<URI> attention() {
        Instances a = props.attention();
        return a.discovered() ? lookUp(a.serviceId()).stream().map(ServiceInstance::getUri).toList() : a.uris();
    }

    public List<ExpertInstance> experts() {
        Instances e = props.experts();
        if (!e.discovered()) {
            return IntStream.range(0, e.uris().size()).mapToObj(i -> new ExpertInstance(i, e.uris().get(i))).toList();
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
