package dev.janus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * components/grpc-tls (issue 17): every moe.grpc.tls.* file a service is given lies in the
 * Secret mounted at that path, the servers get a certificate and key, the clients the CA; without
 * the component nothing is TLS (plaintext stays the default).
 */
class GrpcTlsComponentTest {

    static final String MOUNT = "/etc/janus/tls";

    @BeforeAll
    static void kubectl() {
        String missing = Rendered.kubectlMissing();
        assumeTrue(missing == null, () -> "skipped: " + missing);
    }

    @Test
    void theComponentGivesExpertsTheirCertificateAndAttentionTheCa() {
        Rendered r = Rendered.of("gpu+grpc-tls");
        assertThat(tlsFiles(r, "expert-service")).containsOnlyKeys("MOE_GRPC_TLS_CERTIFICATECHAIN", "MOE_GRPC_TLS_PRIVATEKEY");
        assertThat(tlsFiles(r, "attention-service")).containsOnlyKeys("MOE_GRPC_TLS_TRUSTCERTIFICATES");
        for (String service : List.of("expert-service", "attention-service")) {
            assertThat(RenderedManifestsTest.env(RenderedManifestsTest.container(r, service), "MOE_GRPC_TLS_ENABLED"))
                    .contains("true");
        }
    }

    @Test
    void withoutTheComponentTheLinksStayPlaintext() {
        for (String overlay : List.of("local", "gpu")) {
            Rendered r = Rendered.of(overlay);
            for (String service : RenderedManifestsTest.SERVICES) {
                assertThat(RenderedManifestsTest.container(r, service).getEnv()).extracting(EnvVar::getName)
                        .noneMatch(n -> n.startsWith("MOE_GRPC_TLS_"));
            }
        }
    }

    /** The service's moe.grpc.tls.* file settings, each checked to name a key of the mounted Secret. */
    private static Map<String, String> tlsFiles(Rendered r, String service) {
        Container c = RenderedManifestsTest.container(r, service);
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(MOUNT)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + MOUNT));
        assertThat(mount.getReadOnly()).isTrue();
        Volume volume = r.workload(service).template().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("janus-grpc-tls");
        List<String> files = volume.getSecret().getItems().isEmpty() ? List.of("tls.crt", "tls.key", "ca.crt")
                : volume.getSecret().getItems().stream().map(KeyToPath::getPath).toList();
        Map<String, String> settings = new java.util.TreeMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getName().startsWith("MOE_GRPC_TLS_") && !e.getName().equals("MOE_GRPC_TLS_ENABLED")) {
                assertThat(e.getValue()).as("%s %s", service, e.getName()).startsWith(MOUNT + "/");
                assertThat(files).as("%s %s", service, e.getName()).contains(e.getValue().substring(MOUNT.length() + 1));
                settings.put(e.getName(), e.getValue());
            }
        }
        return settings;
    }
}
