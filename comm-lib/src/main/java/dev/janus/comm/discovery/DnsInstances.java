package dev.janus.comm.discovery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The instances behind one DNS name: {@code http://attention-service:8081} becomes one base URL
 * per address the name resolves to ({@code http://10.1.0.7:8081}, {@code http://10.1.0.9:8081}).
 * A Kubernetes headless Service (clusterIP: None) answers with an A record per ready pod, and so
 * does a Compose service with several replicas: no registry, no API-server access, no list kept
 * by hand. Resolved again on every call; the JVM caches answers for {@code networkaddress.cache.ttl}
 * (30 s unless set), so a new or removed pod is seen within that.
 *
 * <p>A name that does not resolve (a headless Service with no ready pod answers NXDOMAIN) has no
 * instances: an empty list, not an error.
 */
public final class DnsInstances {

    /** All addresses of a host name (the system resolver, or a table in tests). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The JVM's resolver: /etc/hosts, then DNS with the search domains of /etc/resolv.conf. */
    public static final Resolver SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));

    private final Resolver resolver;

    public DnsInstances(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param service scheme, name and port of every instance, e.g. {@code http://attention-service:8081}
     * @return one URI per address, in address order (stable between calls), same scheme, port and path
     */
    public List<URI> resolve(URI service) {
        String host = requireHost(service);
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return List.of();
        }
        return addresses.stream().map(InetAddress::getHostAddress).distinct().sorted()
                .map(address -> withHost(service, address)).toList();
    }

    /** Checks {@code service} as configuration: absolute, with a host and an explicit port. */
    public static URI requireValid(URI service) {
        requireHost(service);
        return service;
    }

    private static String requireHost(URI service) {
        if (service.getScheme() == null || service.getHost() == null || service.getPort() < 0) {
            throw new IllegalArgumentException("expected scheme://dns-name:port, got '" + service + "'");
        }
        return service.getHost();
    }

    private static URI withHost(URI service, String address) {
        try {
            // the multi-argument constructor brackets IPv6 literals
            return new URI(service.getScheme(), service.getUserInfo(), address, service.getPort(), service.getPath(),
                    service.getQuery(), service.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot put address " + address + " into " + service, e);
        }
    }
}
