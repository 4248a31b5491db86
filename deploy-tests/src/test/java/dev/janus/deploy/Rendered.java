package dev.janus.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One overlay of k8s/ as {@code kubectl kustomize} renders it, parsed into fabric8's model classes.
 *
 * @param name    what was rendered, e.g. {@code local} or {@code gpu+grpc-tls}
 * @param objects every object of the output, in order
 */
record Rendered(String name, List<HasMetadata> objects) {

    /** A Deployment or StatefulSet: what selects pods and the pods it makes. */
    record Workload(String kind, String name, LabelSelector selector, PodTemplateSpec template) {}

    /** The overlays a user deploys, and one with the gRPC TLS component enabled. */
    static final List<String> RENDERINGS = List.of("local", "gpu", "gpu+grpc-tls");

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Path root() {
        return Path.of(System.getProperty("janus.deploy.root", "..")).toAbsolutePath().normalize();
    }

    /** Why kubectl cannot render here, or null when it can. */
    static String kubectlMissing() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "kubectl version --client failed";
        } catch (IOException e) {
            return "kubectl is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@code overlay} or {@code overlay+component}, rendered once per test run. */
    static Rendered of(String rendering) {
        return CACHE.computeIfAbsent(rendering, Rendered::render);
    }

    private static Rendered render(String rendering) {
        String[] parts = rendering.split("\\+");
        Path dir = root().resolve("k8s/overlays").resolve(parts[0]);
        try {
            if (parts.length > 1) {
                // a throwaway overlay: the user's overlay plus the component they would uncomment
                // (kustomize takes relative paths only)
                Path tmp = Files.createTempDirectory("janus-k8s-");
                Files.writeString(tmp.resolve("kustomization.yaml"), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        resources:
                          - %s
                        components:
                          - %s
                        """.formatted(tmp.relativize(dir), tmp.relativize(root().resolve("k8s/components").resolve(parts[1]))));
                dir = tmp;
            }
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
            byte[] err = p.getErrorStream().readAllBytes();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            List<HasMetadata> objects = new ArrayList<>();
            for (String doc : out.split("(?m)^---\\s*$")) {
                if (!doc.isBlank()) {
                    objects.add(Serialization.unmarshal(doc, HasMetadata.class));
                }
            }
            return new Rendered(rendering, List.copyOf(objects));
        } catch (IOException e) {
            throw new AssertionError("cannot render " + rendering, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no " + type.getSimpleName() + " " + name));
    }

    List<Workload> workloads() {
        return Stream.concat(
                all(Deployment.class).stream().map(d -> new Workload("Deployment", d.getMetadata().getName(),
                        d.getSpec().getSelector(), d.getSpec().getTemplate())),
                all(StatefulSet.class).stream().map(s -> new Workload("StatefulSet", s.getMetadata().getName(),
                        s.getSpec().getSelector(), s.getSpec().getTemplate()))).toList();
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no workload " + name));
    }

    /** Whether a selector's matchLabels are all among {@code labels} (the manifests use matchLabels only). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    @Override
    public String toString() {
        return name;
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
