package dev.janus.cli.compose;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A docker-compose.yml read strictly (duplicate keys are errors, YAML merge keys resolved) and
 * interpolated with the given variables: the services and named volumes it declares.
 */
public record ComposeFile(Path directory, Map<String, ComposeService> services, Set<String> volumes) {

    /** The file as YAML, not interpolated: maps, lists and strings (anchors and merge keys resolved). */
    public static Map<String, Object> raw(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(file)) {
            Object doc = new Yaml(new SafeConstructor(options)).load(in);
            if (!(doc instanceof Map<?, ?>)) {
                throw new ComposeException(file + " is not a YAML mapping");
            }
            return cast(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            if (e instanceof ComposeException) {
                throw e;
            }
            throw new ComposeException(file + ": " + e.getMessage(), e);
        }
    }

    public static ComposeFile load(Path file, Map<String, String> variables) {
        Map<String, Object> doc = cast(interpolate(raw(file), variables));
        Map<String, Object> services = map(doc.get("services"), "services");
        Map<String, ComposeService> parsed = new LinkedHashMap<>();
        services.forEach((name, body) -> parsed.put(name, service(name, map(body, "services." + name))));
        Set<String> volumes = map(doc.getOrDefault("volumes", Map.of()), "volumes").keySet();
        for (ComposeService s : parsed.values()) {
            for (String dep : s.dependsOn().keySet()) {
                if (!parsed.containsKey(dep)) {
                    throw new ComposeException("service " + s.name() + " depends on " + dep + ", which is not a service");
                }
            }
            for (VolumeMount v : s.volumes()) {
                if (v.named() && !volumes.contains(v.source())) {
                    throw new ComposeException("service " + s.name() + " mounts volume " + v.source()
                            + ", which the top-level volumes do not declare");
                }
            }
        }
        return new ComposeFile(file.toAbsolutePath().getParent(), parsed, Set.copyOf(volumes));
    }

    public ComposeService service(String name) {
        ComposeService s = services.get(name);
        if (s == null) {
            throw new ComposeException("no service " + name + " in the compose file");
        }
        return s;
    }

    public ComposeFile withServices(Map<String, ComposeService> next) {
        return new ComposeFile(directory, next, volumes);
    }

    private static ComposeService service(String name, Map<String, Object> body) {
        Object image = body.get("image");
        if (!(image instanceof String imageName)) {
            throw new ComposeException("service " + name + " has no image (this launcher runs images, not builds)");
        }
        Map<String, Object> health = body.containsKey("healthcheck") ? map(body.get("healthcheck"), name + ".healthcheck") : null;
        return new ComposeService(name, imageName, strings(body.get("command"), name + ".command"),
                environment(body.get("environment"), name), strings(body.get("ports"), name + ".ports"),
                strings(body.get("volumes"), name + ".volumes").stream().map(VolumeMount::parse).toList(),
                dependsOn(body.get("depends_on"), name),
                health == null ? null : Healthcheck.of(health.get("test"), (String) health.get("interval"),
                        (String) health.get("timeout"), (Integer) health.get("retries"), (String) health.get("start_period")));
    }

    private static Map<String, String> environment(Object env, String service) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object item : l) {
                String kv = String.valueOf(item);
                int eq = kv.indexOf('=');
                out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        } else if (env != null) {
            throw new ComposeException(service + ".environment must be a mapping or a list");
        }
        return out;
    }

    private static Map<String, String> dependsOn(Object deps, String service) {
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof List<?> l) {
            l.forEach(d -> out.put(String.valueOf(d), ComposeService.STARTED));
        } else if (deps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                Object condition = v instanceof Map<?, ?> c ? c.get("condition") : null;
                String cond = condition == null ? ComposeService.STARTED : String.valueOf(condition);
                if (!Set.of(ComposeService.STARTED, ComposeService.HEALTHY, ComposeService.COMPLETED).contains(cond)) {
                    throw new ComposeException(service + ".depends_on." + k + ": unknown condition " + cond);
                }
                out.put(String.valueOf(k), cond);
            });
        } else if (deps != null) {
            throw new ComposeException(service + ".depends_on must be a mapping or a list");
        }
        return out;
    }

    private static List<String> strings(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s.split("\\s+"));
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new ComposeException(where + " must be a list or a string");
    }

    private static Object interpolate(Object node, Map<String, String> variables) {
        if (node instanceof String s) {
            return Interpolation.resolve(s, variables);
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v, variables)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(interpolate(v, variables)));
            return out;
        }
        return node;
    }

    private static Map<String, Object> map(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new ComposeException(where + " must be a mapping");
        }
        return cast(node);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }
}
