package dev.janus.comm.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsInstancesTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A DNS server as a table; names it lacks are NXDOMAIN. Each answer is a new lookup. */
    private static DnsInstances table(Map<String, List<InetAddress>> records, List<String> lookups) {
        return new DnsInstances(host -> {
            lookups.add(host);
            List<InetAddress> found = records.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        });
    }

    @Test
    void everyAddressOfTheNameIsOneInstanceInAStableOrder() {
        List<String> lookups = new ArrayList<>();
        DnsInstances dns = table(Map.of("attention-service",
                List.of(ip("10.1.0.9"), ip("10.1.0.7"), ip("10.1.0.9"))), lookups);

        List<URI> found = dns.resolve(URI.create("http://attention-service:8081"));

        assertThat(found).containsExactly(URI.create("http://10.1.0.7:8081"), URI.create("http://10.1.0.9:8081"));
        assertThat(lookups).containsExactly("attention-service");
    }

    @Test
    void eachCallAsksAgainSoScaledPodsAreSeen() {
        List<String> lookups = new ArrayList<>();
        Map<String, List<InetAddress>> records = new java.util.HashMap<>(Map.of("a", List.of(ip("10.0.0.1"))));
        DnsInstances dns = table(records, lookups);
        URI service = URI.create("http://a:8081");
        assertThat(dns.resolve(service)).hasSize(1);

        records.put("a", List.of(ip("10.0.0.1"), ip("10.0.0.2")));

        assertThat(dns.resolve(service)).containsExactly(URI.create("http://10.0.0.1:8081"), URI.create("http://10.0.0.2:8081"));
        assertThat(lookups).hasSize(2);
    }

    @Test
    void pathIsKeptAndIpv6IsBracketed() {
        DnsInstances dns = table(Map.of("a", List.of(ip("fd00::5"))), new ArrayList<>());

        assertThat(dns.resolve(URI.create("https://a:9443/base"))).containsExactly(URI.create("https://[fd00:0:0:0:0:0:0:5]:9443/base"));
    }

    @Test
    void aNameWithoutRecordsHasNoInstances() {
        DnsInstances dns = table(Map.of(), new ArrayList<>());

        assertThat(dns.resolve(URI.create("http://attention-service:8081"))).isEmpty();
    }

    @Test
    void aServiceWithoutPortOrHostIsRefused() {
        assertThatThrownBy(() -> DnsInstances.requireValid(URI.create("http://attention-service")))
                .hasMessageContaining("scheme://dns-name:port");
        assertThatThrownBy(() -> DnsInstances.requireValid(URI.create("attention-service:8081")))
                .hasMessageContaining("scheme://dns-name:port");
    }

    @Test
    void theSystemResolverAnswersForLocalhost() {
        assertThat(new DnsInstances(DnsInstances.SYSTEM).resolve(URI.create("http://localhost:8081")))
                .isNotEmpty().allSatisfy(u -> assertThat(u.getPort()).isEqualTo(8081));
    }
}
