package dev.janus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.janus.deploy.Rendered.Workload;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The NetworkPolicies evaluated as Kubernetes does for ingress (a pod selected by any policy
 * accepts only what some rule of those policies allows) give exactly the flows the services make:
 * only attention reaches the MoE instances' gRPC port, only the gateway is open to everyone,
 * /internal/** is reachable only from the services that call it.
 */
class NetworkFlowsTest {

    static final List<String> RENDERINGS = Rendered.RENDERINGS;

    /** Anyone outside the suite (clients, an Ingress controller). */
    static final String ANYONE = "anyone";
    /** Prometheus pods in the namespace labelled monitoring. */
    static final String PROMETHEUS = "prometheus@monitoring";

    static final Set<String> EXPECTED = new TreeSet<>(Set.of(
            ANYONE + " -> gateway-service:http",
            "gateway-service -> attention-service:http",
            "placement-service -> attention-service:http",
            "scaler-service -> attention-service:http",
            "attention-service -> expert-service:grpc",
            "placement-service -> expert-service:http",
            "scaler-service -> expert-service:http",
            "gateway-service -> placement-service:http",
            "scaler-service -> placement-service:http",
            "attention-service -> placement-service:http",
            "expert-service -> placement-service:http",
            "gateway-service -> scaler-service:http",
            PROMETHEUS + " -> gateway-service:http",
            PROMETHEUS + " -> attention-service:http",
            PROMETHEUS + " -> expert-service:http",
            PROMETHEUS + " -> placement-service:http",
            PROMETHEUS + " -> scaler-service:http"));

    @BeforeAll
    static void kubectl() {
        String missing = Rendered.kubectlMissing();
        assumeTrue(missing == null, () -> "skipped: " + missing);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("RENDERINGS")
    void thePoliciesAllowExactlyTheFlowsOfTheSuite(String rendering) {
        Rendered r = Rendered.of(rendering);
        Set<String> allowed = new TreeSet<>();
        for (Workload to : r.workloads()) {
            Map<String, String> labels = to.template().getMetadata().getLabels();
            List<NetworkPolicy> selecting = r.all(NetworkPolicy.class).stream()
                    .filter(p -> Rendered.selects(p.getSpec().getPodSelector().getMatchLabels(), labels)).toList();
            assertThat(selecting).as("%s is isolated by some policy", to.name()).isNotEmpty();
            for (NetworkPolicy p : selecting) {
                assertThat(p.getSpec().getPolicyTypes()).as(p.getMetadata().getName()).containsExactly("Ingress");
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    List<String> ports = rule.getPorts().stream().map(port -> portName(r, to, port)).toList();
                    assertThat(ports).as("%s: a rule without ports opens every port", p.getMetadata().getName()).isNotEmpty();
                    for (String source : sources(r, rule)) {
                        ports.forEach(port -> allowed.add(source + " -> " + to.name() + ":" + port));
                    }
                }
            }
        }
        assertThat(allowed).isEqualTo(EXPECTED);
    }

    private static String portName(Rendered r, Workload to, NetworkPolicyPort port) {
        String name = port.getPort().getStrVal();
        assertThat(name).as("%s: policies name ports, so a changed number cannot open another", to.name()).isNotNull();
        assertThat(RenderedManifestsTest.container(r, to.name()).getPorts()).as("%s has port %s", to.name(), name)
                .anyMatch(p -> name.equals(p.getName()));
        return name;
    }

    private static List<String> sources(Rendered r, NetworkPolicyIngressRule rule) {
        if (rule.getFrom().isEmpty()) {
            return List.of(ANYONE);
        }
        return rule.getFrom().stream().flatMap(peer -> source(r, peer).stream()).toList();
    }

    private static List<String> source(Rendered r, NetworkPolicyPeer peer) {
        assertThat(peer.getIpBlock()).as("no IP blocks").isNull();
        Map<String, String> pods = peer.getPodSelector() == null ? Map.of() : peer.getPodSelector().getMatchLabels();
        if (peer.getNamespaceSelector() != null) {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "monitoring"));
            assertThat(pods).containsExactlyEntriesOf(Map.of(RenderedManifestsTest.NAME, "prometheus"));
            return List.of(PROMETHEUS);
        }
        List<String> selected = r.workloads().stream()
                .filter(w -> Rendered.selects(pods, w.template().getMetadata().getLabels())).map(Workload::name).toList();
        assertThat(selected).as("peer %s selects a pod of the suite", pods).isNotEmpty();
        return selected;
    }
}
