package dev.janus.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.InetAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/** moe.gateway.discovery.dns: the attention instances are the addresses of the headless Service (k8s/). */
class AttentionDnsDiscoveryTest {

    private final Map<String, List<String>> records = new HashMap<>();

    private static GatewayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("moe.gateway", GatewayProperties.class);
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        List<String> found = records.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[found.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(found.get(i)); // literals: no lookup
        }
        return addresses;
    }

    @Test
    void thePoolFollowsTheAddressesOfTheHeadlessService() {
        // these addresses are not reachable: readiness checks are GatewayReadinessTest's
        GatewayProperties props = bind(Map.of("moe.gateway.discovery.dns", "http://attention-service:8081",
                "moe.gateway.health-check.enabled", "false"));
        AttentionPool pool = new AttentionPool(props,
                CircuitBreakerRegistry.of(Map.of("attention", CircuitBreakerConfig.ofDefaults())), new SimpleMeterRegistry());
        AttentionDiscovery discovery = new AttentionDiscovery(pool, new ReadinessChecks(pool, props), props,
                new StaticListableBeanFactory().getBeanProvider(DiscoveryClient.class), this::lookUp);
        assertThat(pool.instances()).isEmpty();

        records.put("attention-service", List.of("10.0.0.9", "10.0.0.4"));
        discovery.refresh();
        AttentionInstance kept = pool.instances().getFirst();
        assertThat(pool.instances()).extracting(AttentionInstance::uri)
                .containsExactly(URI.create("http://10.0.0.4:8081"), URI.create("http://10.0.0.9:8081"));

        records.put("attention-service", List.of("10.0.0.4", "10.0.0.7")); // one pod replaced
        discovery.refresh();
        assertThat(pool.instances()).extracting(AttentionInstance::uri)
                .containsExactly(URI.create("http://10.0.0.4:8081"), URI.create("http://10.0.0.7:8081"));
        assertThat(pool.instances().getFirst()).isSameAs(kept); // its in-flight count and breaker stay

        records.remove("attention-service"); // no ready pod: NXDOMAIN
        discovery.refresh();
        assertThat(pool.instances()).isEmpty();
    }

    @Test
    void aDnsNameWithoutPortIsRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("moe.gateway.discovery.dns", "http://attention-service")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("scheme://dns-name:port");
    }
}
