package dev.janus.comm.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceTemplateTest {

    @Test
    void instanceIdsFillTheTemplateInOrder() {
        assertThat(InstanceTemplate.expand("expert-service-{index}.expert-service:9092", 3, "moe.experts.target-template"))
                .containsExactly("expert-service-0.expert-service:9092", "expert-service-1.expert-service:9092",
                        "expert-service-2.expert-service:9092");
    }

    @Test
    void aTemplateWithoutIndexOrWithoutCountIsRefused() {
        assertThatThrownBy(() -> InstanceTemplate.expand("expert-service:9092", 2, "moe.experts.target-template"))
                .hasMessageContaining("moe.experts.target-template").hasMessageContaining("{index}");
        assertThatThrownBy(() -> InstanceTemplate.expand("e-{index}:9092", 0, "moe.experts.target-template"))
                .hasMessageContaining("at least 1");
    }
}
