package dev.janus.e2e;

import dev.janus.cli.compose.EnvFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The repository's docker-compose.yml, .env.example and deploy/ folder, and .env.example filled in. */
final class ComposeFiles {

    static final Path REPOSITORY = Path.of(System.getProperty("janus.e2e.repository", "..")).toAbsolutePath().normalize();
    static final Path COMPOSE = REPOSITORY.resolve("docker-compose.yml");
    static final Path ENV_EXAMPLE = REPOSITORY.resolve(".env.example");
    static final Path PROMETHEUS = REPOSITORY.resolve("deploy/prometheus/prometheus.yml");
    static final Path DASHBOARDS = REPOSITORY.resolve("deploy/grafana/dashboards");
    static final Path DATASOURCES = REPOSITORY.resolve("deploy/grafana/provisioning/datasources");
    static final String ADMIN_KEY = "compose-admin-key";
    static final String API_KEY = "compose-api-key";

    private ComposeFiles() {
    }

    /** .env.example with every empty value filled in, as a user following its instructions would. */
    static Map<String, String> filledEnv() {
        Map<String, String> env = new LinkedHashMap<>(EnvFile.read(ENV_EXAMPLE));
        env.put("JANUS_API_KEYS", API_KEY);
        env.put("JANUS_ADMIN_KEY", ADMIN_KEY);
        env.put("MOE_INTERNAL_TOKEN", "compose-internal-token");
        env.put("POSTGRES_PASSWORD", "compose-postgres-password");
        env.put("GRAFANA_ADMIN_PASSWORD", "compose-grafana-password");
        return env;
    }
}
