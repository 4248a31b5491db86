package dev.janus.placement.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.discovery.DnsInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * How placement-service finds the services in Kubernetes (k8s/): the attention-services as the
 * addresses of their headless Service, the expert-services by StatefulSet pod name; bound from
 * the property names the manifests set.
 */
class DnsAndTemplateInstancesTest {

    private static PlacementServiceProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("moe.placement-service", PlacementServiceProperties.class);
    }

    private static ServiceInstances instances(Map<String, String> settings, Map<String, List<String>> records) {
        DnsInstances dns = new DnsInstances(host -> {
            List<String> found = records.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found.stream().map(a -> {
                try {
                    return InetAddress.getByName(a);
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        });
        return new ServiceInstances(bind(settings), new StaticListableBeanFactory().getBeanProvider(DiscoveryClient.class),
                dns);
    }

    @Test
    void attentionInstancesAreTheAddressesOfTheHeadlessService() {
        ServiceInstances found = instances(Map.of(
                "moe.placement-service.attention.uris", "http://localhost:8081",
                "moe.placement-service.attention.dns", "http://attention-service:8081"),
                Map.of("attention-service", List.of("10.0.0.8", "10.0.0.3")));

        assertThat(found.attention()).containsExactly(URI.create("http://10.0.0.3:8081"), URI.create("http://10.0.0.8:8081"));
    }

    @Test
    void expertInstancesAreTheStatefulSetPodsByOrdinal() {
        ServiceInstances found = instances(Map.of(
                "moe.placement-service.experts.uri-template", "http://expert-service-{index}.expert-service:8082",
                "moe.placement-service.experts.count", "3"), Map.of());

        assertThat(found.experts()).containsExactly(
                new ExpertInstance(0, URI.create("http://expert-service-0.expert-service:8082")),
                new ExpertInstance(1, URI.create("http://expert-service-1.expert-service:8082")),
                new ExpertInstance(2, URI.create("http://expert-service-2.expert-service:8082")));
    }

    @Test
    void listsStayTheDefault() {
        ServiceInstances found = instances(Map.of(
                "moe.placement-service.attention.uris", "http://localhost:8081,http://localhost:8091",
                "moe.placement-service.experts.uris", "http://localhost:8082,http://localhost:8092"), Map.of());

        assertThat(found.attention()).containsExactly(URI.create("http://localhost:8081"), URI.create("http://localhost:8091"));
        assertThat(found.experts()).extracting(ExpertInstance::id).containsExactly(0, 1);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("moe.placement-service.experts.uri-template", "http://expert-service:8082",
                "moe.placement-service.experts.count", "2")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("{index}");
        assertThatThrownBy(() -> bind(Map.of("moe.placement-service.attention.dns", "http://attention-service")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("scheme://dns-name:port");
        assertThatThrownBy(() -> instances(Map.of("moe.placement-service.experts.dns", "http://expert-service:8082"),
                Map.of())).hasMessageContaining("uri-template");
    }
}
