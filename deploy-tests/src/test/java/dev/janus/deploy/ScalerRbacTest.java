package dev.janus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scaler's Role allows exactly what its kubernetes actuator calls: scaler-service's own
 * {@code actuate.KubernetesActuator} (loaded from its build) reads and changes both pools against
 * fabric8's mock API server, every request it makes is turned into an RBAC (verb, resource,
 * name), and that set must equal what the rendered Role grants — a new call fails here, and so
 * does a permission nobody uses.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ScalerRbacTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final Pattern PATH = Pattern.compile(
            "^/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets)/([^/?]+)(/scale)?(\\?.*)?$");
    private static final Map<String, String> VERBS = Map.of("GET", "get", "PUT", "update", "PATCH", "patch",
            "POST", "create", "DELETE", "delete");

    @Test
    void theRoleGrantsExactlyTheActuatorsCalls() throws Exception {
        String missing = Rendered.kubectlMissing();
        assumeTrue(missing == null, () -> "skipped: " + missing);
        Rendered r = Rendered.of("local");
        String namespace = client.getNamespace(); // the actuator's, as the pod's service account namespace
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("attention-service").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("expert-service").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("expert-service").endSpec().build()).create();
        int before = server.getRequestCount();

        try (URLClassLoader scaler = scalerClasses()) {
            Class<?> sizes = scaler.loadClass("dev.janus.scaler.control.Sizes");
            Constructor<?> newSizes = sizes.getConstructor(int.class, int.class);
            Object actuator = scaler.loadClass("dev.janus.scaler.actuate.KubernetesActuator")
                    .getConstructor(KubernetesClient.class, String.class, String.class, String.class)
                    // the names the manifests give the workloads; "" = the client's namespace, as in the pod
                    .newInstance(client, "", "attention-service", "expert-service");
            Method current = actuator.getClass().getMethod("current");
            Method scale = actuator.getClass().getMethod("scale", sizes);
            assertThat(current.invoke(actuator)).isEqualTo(newSizes.newInstance(1, 2));
            scale.invoke(actuator, newSizes.newInstance(3, 4)); // out: experts first
            scale.invoke(actuator, newSizes.newInstance(1, 2)); // in: attention first
            assertThat(current.invoke(actuator)).isEqualTo(newSizes.newInstance(1, 2));
        }

        Set<String> called = new TreeSet<>();
        int requests = server.getRequestCount() - before;
        for (int i = 0; i < before; i++) {
            server.takeRequest(); // the set-up's own requests
        }
        for (int i = 0; i < requests; i++) {
            RecordedRequest request = server.takeRequest();
            Matcher m = PATH.matcher(request.getPath());
            assertThat(m.matches()).as("an API call RBAC rules can name: %s %s", request.getMethod(), request.getPath()).isTrue();
            assertThat(m.group(1)).as("namespace of %s", request.getPath()).isEqualTo(client.getNamespace());
            called.add(VERBS.get(request.getMethod()) + " apps/" + m.group(2) + (m.group(4) == null ? "" : m.group(4))
                    + "/" + m.group(3));
        }
        assertThat(called).as("the actuator called something").isNotEmpty();

        Role role = r.named(Role.class, "scaler-service");
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).as("every rule names its workloads").isNotEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String name : rule.getResourceNames()) {
                        rule.getVerbs().forEach(verb -> granted.add(verb + " " + group + "/" + resource + "/" + name));
                    }
                }
            }
        }
        assertThat(granted).isEqualTo(called);

        RoleBinding binding = r.named(RoleBinding.class, "scaler-service");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        String account = r.workload("scaler-service").template().getSpec().getServiceAccountName();
        assertThat(r.named(ServiceAccount.class, account)).isNotNull();
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
        });
        assertThat(RenderedManifestsTest.env(RenderedManifestsTest.container(r, "scaler-service"), "MOE_SCALER_ACTUATOR"))
                .contains("kubernetes");
    }

    /** scaler-service's classes: target/classes before packaging, BOOT-INF/classes of the executable jar after. */
    private static URLClassLoader scalerClasses() throws IOException {
        Path built = Path.of(System.getProperty("janus.deploy.scaler-classes",
                Rendered.root().resolve("scaler-service/target/classes").toString()));
        URL url = Files.isDirectory(built) ? built.toUri().toURL()
                : new URL("jar:" + built.toUri() + "!/BOOT-INF/classes/");
        return new URLClassLoader(new URL[] {url}, ScalerRbacTest.class.getClassLoader());
    }
}
