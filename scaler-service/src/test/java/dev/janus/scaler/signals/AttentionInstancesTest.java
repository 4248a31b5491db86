package dev.janus.scaler.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.scaler.config.ScalerProperties.Instances;
import dev.janus.comm.discovery.DnsInstances;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

class AttentionInstancesTest {

    @Test
    void urisOrDiscovery() {
        List<URI> listed = List.of(URI.create("http://a:8081"));
        assertThat(new AttentionInstances(new Instances(listed, "", null), new StaticListableBeanFactory()
                .getBeanProvider(DiscoveryClient.class)).uris()).isEqualTo(listed);

        DiscoveryClient client = new DiscoveryClient() {
            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<ServiceInstance> getInstances(String serviceId) {
                return serviceId.equals("attention-service") ? List.of(
                        new DefaultServiceInstance("a0", serviceId, "h0", 8081, false),
                        new DefaultServiceInstance("a1", serviceId, "h1", 8081, false)) : List.of();
            }

            @Override
            public List<String> getServices() {
                return List.of("attention-service");
            }
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("discovery", client));
        AttentionInstances discovered = new AttentionInstances(new Instances(listed, "attention-service", null),
                beans.getBeanProvider(DiscoveryClient.class));
        assertThat(discovered.uris()).containsExactly(URI.create("http://h0:8081"), URI.create("http://h1:8081"));

        AttentionInstances none = new AttentionInstances(new Instances(List.of(), "attention-service", null),
                new StaticListableBeanFactory().getBeanProvider(DiscoveryClient.class));
        assertThatThrownBy(none::uris).isInstanceOf(SignalsUnavailableException.class);
    }

    @Test
    void dnsNamesEveryAddressOfTheHeadlessServiceAndIsAskedOnEveryScrape() throws Exception {
        List<List<InetAddress>> answers = new java.util.ArrayList<>(List.of(
                List.of(InetAddress.getByName("10.0.0.2")),
                List.of(InetAddress.getByName("10.0.0.2"), InetAddress.getByName("10.0.0.4"))));
        DnsInstances dns = new DnsInstances(host -> {
            assertThat(host).isEqualTo("attention-service");
            return answers.removeFirst();
        });
        AttentionInstances instances = new AttentionInstances(new Instances(List.of(URI.create("http://localhost:8081")),
                "", URI.create("http://attention-service:8081")),
                new StaticListableBeanFactory().getBeanProvider(DiscoveryClient.class), dns);

        assertThat(instances.uris()).containsExactly(URI.create("http://10.0.0.2:8081"));
        assertThat(instances.uris()).containsExactly(URI.create("http://10.0.0.2:8081"), URI.create("http://10.0.0.4:8081"));
        assertThatThrownBy(() -> new Instances(List.of(), "", URI.create("http://attention-service")))
                .hasMessageContaining("scheme://dns-name:port");
    }
}
