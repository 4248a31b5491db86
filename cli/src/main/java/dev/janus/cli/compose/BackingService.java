package dev.janus.cli.compose;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;

/**
 * A compose service that is not ours (a database, a cache): locally the machine's own server on
 * 127.0.0.1 takes its place, or, when none answers, the dependents fall back to what they do
 * without it (their properties with {@code dropPrefix} removed).
 *
 * @param fallback in words, for the log line
 */
record BackingService(String imagePrefix, int port, String dropPrefix, String fallback) {

    static final List<BackingService> KNOWN = List.of(
            new BackingService("postgres", 5432, "SPRING_DATASOURCE_", "its embedded H2 database"),
            new BackingService("redis", 6379, "SPRING_DATA_REDIS_", "an in-memory rate limiter"));

    /** Images with no local stand-in: not started, said once. */
    static final List<String> CONTAINER_ONLY = List.of("prom/prometheus", "grafana/grafana");

    static Optional<BackingService> of(ComposeService s) {
        String name = s.imageName().substring(s.imageName().lastIndexOf('/') + 1);
        return KNOWN.stream().filter(b -> name.equals(b.imagePrefix)).findFirst();
    }

    boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
