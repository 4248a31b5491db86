package dev.janus.cli.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container's view becomes on this machine: service names are 127.0.0.1 (every service
 * has ports of its own in the file), a named volume is a folder under {@code volumesRoot}, a bind
 * mount its host path, and a service with no published port listens on 127.0.0.1 only, as an
 * unpublished container port is reachable only inside the compose network.
 */
final class LocalMapping {

    /** Added to an unpublished service's environment: Spring's HTTP and gRPC bind addresses, attention's node aggregator. */
    static final List<String> BIND_ADDRESSES = List.of("SERVER_ADDRESS", "SPRING_GRPC_SERVER_HOST", "MOE_NODE_AGGREGATORHOST");
    static final String LOOPBACK = "127.0.0.1";

    private final List<Pattern> hosts = new ArrayList<>();
    private final Set<String> names = new java.util.HashSet<>();
    private final Path composeDirectory;
    private final Path volumesRoot;

    LocalMapping(Set<String> serviceNames, Path composeDirectory, Path volumesRoot) {
        for (String name : serviceNames) {
            // a host name: in a URL (after // or @), or as host:port (at the start or after a comma); a bare
            // value only under a *HOST key (a user or database may have a service's name: left alone)
            hosts.add(Pattern.compile("(?<=//|@)" + Pattern.quote(name) + "(?=$|[:/,?])|(?<=^|,)" + Pattern.quote(name) + "(?=:\\d)"));
            names.add(name);
        }
        this.composeDirectory = composeDirectory;
        this.volumesRoot = volumesRoot;
    }

    /** The host folder of a mount (created). */
    Path hostPath(VolumeMount v) {
        Path p = v.named() ? volumesRoot.resolve(v.source())
                : composeDirectory.resolve(v.source().replaceFirst("^~", System.getProperty("user.home"))).normalize();
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p + " for volume " + v.source(), e);
        }
    }

    Map<String, String> environment(ComposeService s) {
        Map<String, String> env = new LinkedHashMap<>();
        s.environment().forEach((k, v) -> env.put(k, k.endsWith("HOST") && names.contains(v) ? LOOPBACK : value(s, v)));
        if (s.ports().isEmpty()) {
            BIND_ADDRESSES.forEach(k -> env.putIfAbsent(k, LOOPBACK));
        }
        return env;
    }

    List<String> command(ComposeService s) {
        return s.command().stream().map(a -> value(s, a)).toList();
    }

    private String value(ComposeService s, String v) {
        String out = v;
        for (Pattern host : hosts) {
            out = host.matcher(out).replaceAll(LOOPBACK);
        }
        List<VolumeMount> mounts = new ArrayList<>(s.volumes());
        mounts.sort(Comparator.comparingInt((VolumeMount m) -> m.target().length()).reversed());
        for (VolumeMount m : mounts) {
            Pattern target = Pattern.compile("(?<![\\w/.-])" + Pattern.quote(m.target()) + "(?=$|[/,:])");
            out = target.matcher(out).replaceAll(Matcher.quoteReplacement(hostPath(m).toString()));
        }
        return out;
    }
}
