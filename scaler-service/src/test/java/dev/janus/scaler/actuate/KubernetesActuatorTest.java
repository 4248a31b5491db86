package dev.janus.scaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.control.Sizes;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against fabric8's mock API server in CRUD mode: the workloads are stored, the scale subresource reads and writes them. */
@EnableKubernetesMockClient(crud = true)
class KubernetesActuatorTest {

    static KubernetesClient client;

    @BeforeEach
    void workloads() {
        client.apps().deployments().inNamespace("janus").resource(new DeploymentBuilder()
                .withNewMetadata().withName("attention-service").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build()).createOr(r -> r.update());
        client.apps().statefulSets().inNamespace("janus").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("expert-service").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("expert-service").endSpec().build())
                .createOr(r -> r.update());
    }

    @Test
    void readsAndWritesTheReplicasOfBothWorkloads() {
        KubernetesActuator actuator = new KubernetesActuator(client, "janus", "attention-service", "expert-service");
        assertThat(actuator.name()).isEqualTo("kubernetes");
        assertThat(actuator.current()).isEqualTo(new Sizes(2, 3));

        assertThat(actuator.scale(new Sizes(4, 5))).contains("deployment/attention-service replicas 4");
        assertThat(client.apps().deployments().inNamespace("janus").withName("attention-service").get()
                .getSpec().getReplicas()).isEqualTo(4);
        assertThat(client.apps().statefulSets().inNamespace("janus").withName("expert-service").get()
                .getSpec().getReplicas()).isEqualTo(5);
        assertThat(actuator.current()).isEqualTo(new Sizes(4, 5));

        actuator.scale(new Sizes(1, 2));
        assertThat(actuator.current()).isEqualTo(new Sizes(1, 2));
    }
}
