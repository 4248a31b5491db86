package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpertsPropertiesTest {

    private static ExpertsProperties grpc(String scheduler, int microBatches, boolean spread, long seed) {
        return new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of("a:1", "b:2"), "", 0, scheduler,
                Duration.ofSeconds(10), Duration.ofSeconds(30), microBatches, spread, seed);
    }

    @Test
    void schedulerOptionsCarryTheSeedAndTokenSpreading() {
        var options = grpc("aebs-rep", 1, true, 42).schedulerOptions();
        assertThat(options.spreadTokens()).isTrue();
        assertThat(options.seed()).isEqualTo(42);
        assertThat(grpc("random", 1, false, 0).schedulerOptions().spreadTokens()).isFalse();
    }

    @Test
    void nonsenseIsRefusedAtStartup() {
        assertThatThrownBy(() -> grpc("fastest", 1, false, 0)).hasMessageContaining("fastest");
        assertThatThrownBy(() -> grpc("aebs-rep", 0, false, 0)).hasMessageContaining("micro-batches");
        assertThatThrownBy(() -> new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of(), "", 0, "aebs-rep",
                Duration.ofSeconds(1), Duration.ZERO, 1, false, 0)).hasMessageContaining("moe.experts.targets");
        assertThatThrownBy(() -> new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of("nohost"), "", 0, "aebs-rep",
                Duration.ofSeconds(1), Duration.ZERO, 1, false, 0)).hasMessageContaining("host:port");
    }

    @Test
    void aTargetTemplateNamesEveryMoeInstanceUpToTheCount() {
        var props = new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of(),
                "expert-service-{index}.expert-service:9092", 3, "aebs-rep", Duration.ofSeconds(1), Duration.ZERO, 1,
                false, 0);

        assertThat(props.targets()).containsExactly("expert-service-0.expert-service:9092",
                "expert-service-1.expert-service:9092", "expert-service-2.expert-service:9092");
    }

    @Test
    void aTargetTemplateIsCheckedLikeTargets() {
        assertThatThrownBy(() -> new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of("a:1"),
                "e-{index}:9092", 2, "aebs-rep", Duration.ofSeconds(1), Duration.ZERO, 1, false, 0))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of(),
                "e-{index}", 2, "aebs-rep", Duration.ofSeconds(1), Duration.ZERO, 1, false, 0))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ExpertsProperties(ExpertsProperties.Transport.GRPC, List.of(),
                "e-{index}:9092", 0, "aebs-rep", Duration.ofSeconds(1), Duration.ZERO, 1, false, 0))
                .hasMessageContaining("at least 1");
    }
}
