package dev.janus.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMappingTest {

    @Test
    void serviceNamesInHostPositionsBecomeLoopbackAndMountsBecomeFolders(@TempDir Path tmp) {
        ComposeService s = new ComposeService("placement", "janus/placement-service:1", List.of("--dir=/models/x"),
                Map.of("URL", "jdbc:postgresql://postgres:5432/janus", "USER", "postgres", "REDIS_HOST", "redis",
                        "TARGETS", "expert-0:9092,expert-1:9093", "MODEL", "/models/m", "OTHER", "/modelsx"),
                List.of(), List.of(VolumeMount.parse("models:/models:ro")), Map.of(), null);
        LocalMapping mapping = new LocalMapping(Set.of("postgres", "redis", "expert-0", "expert-1"), tmp, tmp.resolve("v"));
        Map<String, String> env = mapping.environment(s);
        assertThat(env).containsEntry("URL", "jdbc:postgresql://127.0.0.1:5432/janus").containsEntry("USER", "postgres")
                .containsEntry("REDIS_HOST", "127.0.0.1").containsEntry("TARGETS", "127.0.0.1:9092,127.0.0.1:9093")
                .containsEntry("MODEL", tmp.resolve("v/models/m").toString()).containsEntry("OTHER", "/modelsx")
                .containsEntry("SERVER_ADDRESS", "127.0.0.1");
        assertThat(mapping.command(s)).containsExactly("--dir=" + tmp.resolve("v/models/x"));
    }
}
