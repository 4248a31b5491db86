package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.cli.compose.ComposeException;
import dev.janus.cli.compose.ComposeFile;
import dev.janus.cli.compose.ComposeService;
import dev.janus.cli.compose.EnvFile;
import dev.janus.cli.compose.Interpolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml checked without a Docker engine: Debian's {@code docker-compose config}
 * where it is installed (.ci/run installs it), and always a strict parse (no duplicate keys) with
 * the checks compose would do at start and the ones this project needs.
 */
class ComposeFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ComposeFile compose = ComposeFile.load(ComposeFiles.COMPOSE, ComposeFiles.filledEnv());

    @Test
    void everyVariableHasADefaultOrIsDocumentedInTheEnvExample() throws IOException {
        Set<String> documented = EnvFile.read(ComposeFiles.ENV_EXAMPLE).keySet();
        List<Interpolation.Reference> refs = Interpolation.references(Files.readString(ComposeFiles.COMPOSE));
        assertThat(refs).isNotEmpty();
        for (Interpolation.Reference r : refs) {
            assertThat(r.hasDefault() || documented.contains(r.name()))
                    .as("${%s} has no default and is not in .env.example", r.name()).isTrue();
        }
        assertThat(refs.stream().filter(Interpolation.Reference::required).map(Interpolation.Reference::name))
                .as("the keys compose refuses to start without")
                .contains("JANUS_ADMIN_KEY", "MOE_INTERNAL_TOKEN", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
    }

    @Test
    void theUnfilledExampleFailsClosedNamingAKey() {
        assertThatThrownBy(() -> ComposeFile.load(ComposeFiles.COMPOSE, EnvFile.read(ComposeFiles.ENV_EXAMPLE)))
                .isInstanceOf(ComposeException.class).hasMessageContaining("is not set: set ")
                .hasMessageContaining(" in .env");
    }

    @Test
    void theTopologyIsTheIssuesAndOnlyTheEntryPointsArePublished() {
        assertThat(compose.services()).containsOnlyKeys("model-init", "expert-service-0", "expert-service-1",
                "attention-service", "placement-service", "scaler-service", "gateway-service", "postgres", "redis",
                "prometheus", "grafana");
        Set<String> published = compose.services().values().stream().filter(s -> !s.ports().isEmpty())
                .map(ComposeService::name).collect(Collectors.toSet());
        assertThat(published).containsExactlyInAnyOrder("gateway-service", "prometheus", "grafana");
        assertThat(compose.service("expert-service-1").environment()).containsEntry("MOE_EXPERT_INSTANCEID", "1");
        assertThat(compose.service("scaler-service").environment()).containsEntry("MOE_SCALER_ACTUATOR", "dry-run");
        assertThat(compose.service("expert-service-0").dependsOn()).containsEntry("model-init", ComposeService.COMPLETED);
    }

    @Test
    void everyJavaServiceHasPortsOfItsOwnAndAReadinessHealthcheck() {
        List<String> ports = new ArrayList<>();
        for (ComposeService s : javaServices()) {
            assertThat(s.healthcheck()).as(s.name()).isNotNull();
            assertThat(String.join(" ", s.healthcheck().command())).contains("/actuator/health/readiness", "$SERVER_PORT");
            ports.add(s.environment().get("SERVER_PORT"));
            if (s.environment().containsKey("SPRING_GRPC_SERVER_PORT")) {
                ports.add(s.environment().get("SPRING_GRPC_SERVER_PORT"));
            }
        }
        assertThat(ports).doesNotContainNull().doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("8080", "8081", "8083", "8084", "18082", "18083", "9092", "9093");
        assertThat(compose.service("gateway-service").ports()).containsExactly("8080:8080");
    }

    @Test
    void prometheusScrapesEveryJavaServiceOnItsPort() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(ComposeFiles.PROMETHEUS));
        Set<String> targets = new HashSet<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            Map<?, ?> j = (Map<?, ?>) job;
            assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object sc : (List<?>) j.get("static_configs")) {
                for (Object t : (List<?>) ((Map<?, ?>) sc).get("targets")) {
                    targets.add((String) t);
                }
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(javaServices().stream()
                .map(s -> s.name() + ":" + s.environment().get("SERVER_PORT")).toList());
    }

    @Test
    void grafanasDashboardsUseTheProvisionedDataSource() throws IOException {
        Map<String, Object> ds = new Yaml().load(Files.readString(ComposeFiles.DATASOURCES.resolve("prometheus.yml")));
        Map<?, ?> source = (Map<?, ?>) ((List<?>) ds.get("datasources")).getFirst();
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        List<Path> dashboards;
        try (var files = Files.list(ComposeFiles.DASHBOARDS)) {
            dashboards = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(dashboards).isNotEmpty();
        for (Path d : dashboards) {
            for (JsonNode panel : JSON.readTree(d.toFile()).get("panels")) {
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                            .isEqualTo(source.get("uid"));
                }
            }
        }
    }

    @Test
    void dockerComposeConfigAcceptsTheFileWithTheKeysAndRefusesItWithout(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(onPath("docker-compose"),
                "docker-compose is not installed (.ci/run installs Debian's); the strict parse above still ran");
        Path env = tmp.resolve(".env");
        Files.write(env, ComposeFiles.filledEnv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Run ok = dockerCompose(env);
        assertThat(ok.exit()).as(ok.output()).isZero();
        Run refused = dockerCompose(ComposeFiles.ENV_EXAMPLE);
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("in .env (see .env.example)");
    }

    private List<ComposeService> javaServices() {
        return compose.services().values().stream()
                .filter(s -> s.imageName().startsWith("janus/") && !s.imageName().equals("janus/cli")).toList();
    }

    private record Run(int exit, String output) {}

    private static Run dockerCompose(Path envFile) throws Exception {
        Process p = new ProcessBuilder("docker-compose", "--env-file", envFile.toString(), "-f",
                ComposeFiles.COMPOSE.toString(), "config", "-q").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
