package dev.janus.expert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.placement.PlacementConfig;
import dev.janus.comm.placement.PlacementJson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** moe.placement binds to comm-lib's one PlacementConfig the way every service binds it. */
class PlacementConfigBindingTest {

    private static PlacementConfig bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("moe.placement", PlacementConfig.class);
    }

    @Test
    void defaultsToOneInstanceWithoutReplicas() {
        PlacementConfig config = bind(Map.of());
        assertThat(config).isEqualTo(PlacementConfig.defaults());
        assertThat(config.roundRobin(4, 8).instances()).isEqualTo(1);
        assertThat(config.roundRobin(4, 8).physicalExperts()).isEqualTo(8);
        assertThat(config.serviceWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bindsEveryPropertyInKebabCase(@TempDir Path dir) {
        Path file = dir.resolve("placement.json");
        PlacementJson.write(PlacementConfig.defaults().roundRobin(2, 4), file);
        PlacementConfig config = bind(Map.of("moe.placement.instances", "3", "moe.placement.redundant-slots", "4",
                "moe.placement.file", file.toString(), "moe.placement.service", "http://localhost:8083",
                "moe.placement.service-wait", "2s"));
        assertThat(config).isEqualTo(new PlacementConfig(3, 4, file, URI.create("http://localhost:8083"), Duration.ofSeconds(2)));
        assertThat(config.roundRobin(4, 8).layer(0).replicatedExpertCount()).isEqualTo(4);
    }

    @Test
    void invalidValuesNameTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("moe.placement.instances", "0")))
                .hasStackTraceContaining("moe.placement.instances must be at least 1");
        assertThatThrownBy(() -> bind(Map.of("moe.placement.redundant-slots", "-1")))
                .hasStackTraceContaining("moe.placement.redundant-slots must not be negative");
        assertThatThrownBy(() -> bind(Map.of("moe.placement.file", "/no/such/placement.json")))
                .hasStackTraceContaining("moe.placement.file must be an existing placement file");
        assertThatThrownBy(() -> bind(Map.of("moe.placement.service", "localhost:8083")))
                .hasStackTraceContaining("moe.placement.service must be an http(s) URL");
    }
}
