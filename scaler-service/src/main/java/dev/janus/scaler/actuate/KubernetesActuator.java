package dev.janus.scaler.actuate;

import dev.janus.scaler.control.Sizes;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Scalable;

/**
 * Scales the attention-service Deployment and the expert-service StatefulSet through their scale
 * subresources (DESIGN.md §8, §10). fabric8's {@code scale(n)} updates (PUT) the scale subresource
 * and also GETs the workload itself, so the scaler's Role grants get/update on the {@code scale} subresources and get
 * on both workloads (k8s/base/scaler-rbac.yaml; deploy-tests' ScalerRbacTest records the real calls).
 * A StatefulSet grows and shrinks at its highest ordinals, so MoE instance ids stay stable.
 */
public final class KubernetesActuator implements Actuator {

    private final KubernetesClient client;
    private final String namespace;
    private final String attentionDeployment;
    private final String expertStatefulSet;

    public KubernetesActuator(KubernetesClient client, String namespace, String attentionDeployment,
                              String expertStatefulSet) {
        this.client = client;
        this.namespace = namespace.isBlank() ? client.getNamespace() : namespace;
        this.attentionDeployment = attentionDeployment;
        this.expertStatefulSet = expertStatefulSet;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Sizes current() {
        return new Sizes(replicas(attention()), replicas(experts()));
    }

    @Override
    public String scale(Sizes target) {
        // out: experts first, so the attention instances that start find them; in: attention first
        boolean expertsFirst = target.moe() >= replicas(experts());
        if (expertsFirst) {
            set(experts(), target.moe());
            set(attention(), target.attention());
        } else {
            set(attention(), target.attention());
            set(experts(), target.moe());
        }
        return "kubernetes: deployment/" + attentionDeployment + " replicas " + target.attention()
                + ", statefulset/" + expertStatefulSet + " replicas " + target.moe() + " in namespace " + namespace;
    }

    @Override
    public void close() {
        client.close();
    }

    private Scalable<?> attention() {
        return client.apps().deployments().inNamespace(namespace).withName(attentionDeployment);
    }

    private Scalable<?> experts() {
        return client.apps().statefulSets().inNamespace(namespace).withName(expertStatefulSet);
    }

    private int replicas(Scalable<?> workload) {
        try {
            Scale scale = workload.scale();
            if (scale == null) {
                throw new IllegalStateException("no scale subresource (does the workload exist?)");
            }
            Integer r = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
            return r == null ? 0 : r;
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot read the scale of a workload in namespace " + namespace + ": "
                    + e.getMessage(), e);
        }
    }

    private void set(Scalable<?> workload, int replicas) {
        workload.scale(replicas);
    }
}
