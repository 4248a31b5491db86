package dev.janus.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./janus up's scaler on the local actuator, on the repository's docker-compose.yml. */
class LocalScalingTest {

    private static final Path LOGS = Path.of("/tmp/janus-logs");

    private final ComposeFile file = ComposeFile.load(TopologyOverridesTest.FILE, TopologyOverridesTest.KEYS);

    /** As the launcher: java, its flags, the image's jar, the service's command. */
    private static List<String> argv(ComposeService s) {
        List<String> argv = new ArrayList<>(List.of("/jdk/bin/java", "-Xmx1g", "-jar", "/jars/" + s.imageName() + ".jar"));
        argv.addAll(s.command());
        return argv;
    }

    /** As the launcher's environment, plus a bind address every unpublished service gets. */
    private static Map<String, String> env(ComposeService s) {
        Map<String, String> env = new LinkedHashMap<>(s.environment());
        env.putIfAbsent("SERVER_ADDRESS", "127.0.0.1");
        return env;
    }

    @Test
    void theScalerRunsTheLocalActuatorWithTwoSpareInstancesPerPoolThatEveryListNames() throws Exception {
        ComposeFile scaled = LocalScaling.apply(file, LocalScalingTest::argv, LocalScalingTest::env, LOGS);
        Map<String, String> scaler = scaled.service("scaler-service").environment();
        assertThat(scaler).containsEntry("MOE_SCALER_ACTUATOR", "local")
                .containsEntry("MOE_SCALER_ATTENTION_MAX", "3").containsEntry("MOE_SCALER_MOE_MAX", "4")
                .containsEntry("MOE_SCALER_LOCAL_ATTENTION_EXTERNAL", "1").containsEntry("MOE_SCALER_LOCAL_ATTENTION_BASEPORT", "8180")
                .containsEntry("MOE_SCALER_LOCAL_EXPERTS_EXTERNAL", "2").containsEntry("MOE_SCALER_LOCAL_EXPERTS_BASEPORT", "18082")
                .containsEntry("MOE_SCALER_LOCAL_EXPERTS_GRPCBASEPORT", "9092")
                .containsEntry("MOE_SCALER_LOCAL_LOGDIR", LOGS.toAbsolutePath().toString())
                .containsEntry("MOE_SCALER_MOE_INITIAL", "2");
        assertThat(scaled.service("attention-service").environment()).containsEntry("MOE_EXPERTS_TARGETS",
                "expert-service-0:9092,expert-service-1:9093,127.0.0.1:9094,127.0.0.1:9095");
        assertThat(scaled.service("placement-service").environment()).containsEntry("MOE_PLACEMENTSERVICE_EXPERTS_URIS",
                "http://expert-service-0:18082,http://expert-service-1:18083,http://127.0.0.1:18084,http://127.0.0.1:18085");
        String attentionPool = "http://attention-service:8081,http://127.0.0.1:8181,http://127.0.0.1:8182";
        assertThat(scaled.service("gateway-service").environment()).containsEntry("MOE_GATEWAY_ATTENTIONURIS", attentionPool);
        assertThat(scaled.service("placement-service").environment())
                .containsEntry("MOE_PLACEMENTSERVICE_ATTENTION_URIS", attentionPool);
        assertThat(scaler).containsEntry("MOE_SCALER_SIGNALS_ATTENTION_URIS", attentionPool);
        assertThat(file.service("scaler-service").environment()).containsEntry("MOE_SCALER_ACTUATOR", "dry-run");

        List<String> expert = words(scaler.get("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE"));
        int java = expert.indexOf("/jdk/bin/java");
        assertThat(expert.subList(java, expert.size())).containsExactly("/jdk/bin/java", "-Xmx1g", "-jar",
                "/jars/janus/expert-service.jar");
        assertThat(expert.subList(0, java)).startsWith("env")
                .contains("MOE_EXPERT_INSTANCEID={index}", "SERVER_PORT={port}", "SPRING_GRPC_SERVER_PORT={grpc_port}",
                        "MOE_MODEL_PATH=/models/default-small-mixtral", "MOE_PLACEMENT_SERVICE=http://placement-service:8083")
                .containsSubsequence("-u", "MOE_SCALER_ADMINKEYS")
                .doesNotContain("MOE_INTERNAL_TOKEN=t"); // the same as the scaler's: inherited, never on a command line
        assertThat(scaler.get("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE")).doesNotContain("=a'"); // the admin key
        List<String> attention = words(scaler.get("MOE_SCALER_LOCAL_ATTENTION_COMMANDLINE"));
        assertThat(attention).contains("SERVER_PORT={port}",
                        "MOE_EXPERTS_TARGETS=expert-service-0:9092,expert-service-1:9093,127.0.0.1:9094,127.0.0.1:9095")
                .endsWith("/jars/janus/attention-service.jar")
                .noneMatch(w -> w.startsWith("MOE_NODE_"));
    }

    @Test
    void withTwoAttentionMembersTheScaledOnesStillStartOn8181AndAreNoNodeMembers() throws Exception {
        ComposeFile scaled = LocalScaling.apply(TopologyOverrides.attention(file, 2), LocalScalingTest::argv,
                LocalScalingTest::env, LOGS);
        Map<String, String> scaler = scaled.service("scaler-service").environment();
        assertThat(scaler).containsEntry("MOE_SCALER_LOCAL_ATTENTION_EXTERNAL", "2")
                .containsEntry("MOE_SCALER_LOCAL_ATTENTION_BASEPORT", "8179").containsEntry("MOE_SCALER_ATTENTION_MAX", "4");
        assertThat(scaled.service("gateway-service").environment()).containsEntry("MOE_GATEWAY_ATTENTIONURIS",
                "http://attention-service:8081,http://attention-service-1:8091,http://127.0.0.1:8181,http://127.0.0.1:8182");
        assertThat(words(scaler.get("MOE_SCALER_LOCAL_ATTENTION_COMMANDLINE"))).noneMatch(w -> w.startsWith("MOE_NODE_"));
    }

    @Test
    void monolithicHasOneMoeInstanceThatIsAttentionServiceItself() throws Exception {
        ComposeFile scaled = LocalScaling.apply(TopologyOverrides.experts(file, 0), LocalScalingTest::argv,
                LocalScalingTest::env, LOGS);
        Map<String, String> scaler = scaled.service("scaler-service").environment();
        assertThat(scaler).containsEntry("MOE_SCALER_MOE_MAX", "1").containsEntry("MOE_SCALER_LOCAL_EXPERTS_EXTERNAL", "1")
                .containsEntry("MOE_SCALER_ATTENTION_MAX", "3");
        Process p = new ProcessBuilder("sh", "-c", scaler.get("MOE_SCALER_LOCAL_EXPERTS_COMMANDLINE")).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("--experts 0");
        assertThat(p.waitFor()).isEqualTo(1);
    }

    /** The words a POSIX shell reads from {@code line} (as scaler-service's ShellWords does for quoted words). */
    private static List<String> words(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + line).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.lines().toList();
    }
}
