package dev.janus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What a service's {@code src/main/resources/application.yml} says: its ports, whether the health
 * probes exist, and the properties it has. A property counts as real when the file sets it, names
 * it in a placeholder ({@code ${moe.placement.instances:1}}) or documents it as a commented-out
 * option ({@code # target-count: 8} under {@code experts:}) — the house habit of listing every
 * setting there.
 */
final class ServiceSettings {

    private static final Pattern COMMENTED_KEY = Pattern.compile("^( *)#( +)([a-z][a-z0-9-]*):( |$)");
    private static final Pattern KEY = Pattern.compile("^( *)([a-z][a-z0-9-]*):( |$)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*)[:}]");

    private final String service;
    private final Map<String, Object> yaml;
    private final Set<String> properties = new HashSet<>();

    private ServiceSettings(String service, String text) {
        this.service = service;
        this.yaml = new Yaml().load(text);
        keysByIndentation(text);
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            properties.add(m.group(1));
        }
    }

    static ServiceSettings of(String service) {
        Path file = Rendered.root().resolve(service).resolve("src/main/resources/application.yml");
        try {
            return new ServiceSettings(service, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("no application.yml for " + service + " at " + file, e);
        }
    }

    /** Every key path, set or commented out: a commented key's '#' stands where its indentation starts. */
    private void keysByIndentation(String text) {
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        for (String line : text.split("\n")) {
            Matcher set = KEY.matcher(line);
            Matcher commented = COMMENTED_KEY.matcher(line);
            int indent;
            String key;
            if (set.find()) {
                indent = set.group(1).length();
                key = set.group(2);
            } else if (commented.find()) {
                indent = commented.group(1).length() + commented.group(2).length() - 1;
                key = commented.group(3);
            } else {
                continue;
            }
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                path.pop();
            }
            indents.push(new int[] {indent});
            path.push(key);
            List<String> parts = new java.util.ArrayList<>(path);
            java.util.Collections.reverse(parts);
            properties.add(String.join(".", parts));
        }
    }

    /** Relaxed binding's environment form: {@code moe.placement-service.admin-keys} = {@code MOE_PLACEMENTSERVICE_ADMINKEYS}. */
    static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    boolean hasEnvironmentVariable(String name) {
        return properties.stream().anyMatch(p -> environmentName(p).equals(name));
    }

    int serverPort() {
        return ((Number) value("server.port")).intValue();
    }

    /** The gRPC server port (expert-service), or -1. */
    int grpcPort() {
        Object port = find("spring.grpc.server.port");
        return port == null ? -1 : ((Number) port).intValue();
    }

    /** /actuator/health/liveness and /readiness exist: probes enabled and health exposed on the HTTP port. */
    boolean healthProbesServed() {
        Object exposed = value("management.endpoints.web.exposure.include");
        return Boolean.TRUE.equals(value("management.endpoint.health.probes.enabled"))
                && Rendered.split(String.valueOf(exposed)).contains("health");
    }

    private Object value(String dotted) {
        Object v = find(dotted);
        if (v == null) {
            throw new AssertionError(service + "'s application.yml has no " + dotted);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private Object find(String dotted) {
        Object node = yaml;
        for (String part : dotted.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = ((Map<String, Object>) map).get(part);
        }
        return node;
    }
}
