package dev.janus.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./run-local's overrides on the repository's docker-compose.yml. */
class TopologyOverridesTest {

    static final Path FILE = Path.of("..", "docker-compose.yml");
    static final Map<String, String> KEYS = Map.of("JANUS_ADMIN_KEY", "a", "MOE_INTERNAL_TOKEN", "t",
            "POSTGRES_PASSWORD", "p", "GRAFANA_ADMIN_PASSWORD", "g");

    private final ComposeFile file = ComposeFile.load(FILE, KEYS);

    @Test
    void threeExpertsAreThreeInstancesOnConsecutivePortsThatEveryListNames() {
        ComposeFile three = TopologyOverrides.experts(file, 3);
        ComposeService e2 = three.service("expert-service-2");
        assertThat(e2.environment()).containsEntry("MOE_EXPERT_INSTANCEID", "2").containsEntry("SERVER_PORT", "18084")
                .containsEntry("SPRING_GRPC_SERVER_PORT", "9094").containsEntry("MOE_PLACEMENT_INSTANCES", "3");
        assertThat(three.service("attention-service").environment()).containsEntry("MOE_EXPERTS_TARGETS",
                "expert-service-0:9092,expert-service-1:9093,expert-service-2:9094");
        assertThat(three.service("placement-service").environment()).containsEntry("MOE_PLACEMENTSERVICE_EXPERTS_URIS",
                "http://expert-service-0:18082,http://expert-service-1:18083,http://expert-service-2:18084");
        assertThat(three.service("attention-service").dependsOn()).containsOnlyKeys("expert-service-0", "expert-service-1",
                "expert-service-2");
        assertThat(three.service("scaler-service").environment()).containsEntry("MOE_SCALER_MOE_INITIAL", "3");
    }

    @Test
    void oneExpertHasNoRedundantSlotsAndZeroIsMonolithic() {
        ComposeFile one = TopologyOverrides.experts(file, 1);
        assertThat(one.services()).doesNotContainKey("expert-service-1");
        assertThat(one.service("attention-service").environment()).containsEntry("MOE_EXPERTS_TARGETS", "expert-service-0:9092")
                .containsEntry("MOE_PLACEMENT_REDUNDANTSLOTS", "0");
        ComposeFile none = TopologyOverrides.experts(file, 0);
        assertThat(none.services()).doesNotContainKeys("expert-service-0", "placement-service");
        assertThat(none.service("attention-service").environment()).containsEntry("MOE_EXPERTS_TRANSPORT", "in-process")
                .doesNotContainKeys("MOE_EXPERTS_TARGETS", "MOE_PLACEMENT_SERVICE", "MOE_PLACEMENT_INSTANCES");
        assertThat(none.service("gateway-service").dependsOn()).doesNotContainKey("placement-service");
        assertThat(none.service("scaler-service").environment()).doesNotContainKey("MOE_SCALER_PLACEMENT_URI");
        assertThatThrownBy(() -> TopologyOverrides.attention(none, 2)).hasMessageContaining("needs expert services");
    }

    @Test
    void twoAttentionInstancesShareANodeAndTheGatewayKnowsBoth() {
        ComposeFile two = TopologyOverrides.attention(file, 2);
        assertThat(two.service("attention-service-1").environment()).containsEntry("SERVER_PORT", "8091")
                .containsEntry("MOE_NODE_MEMBERS", "2").containsEntry("MOE_NODE_MEMBER", "1")
                .containsEntry("MOE_NODE_AGGREGATOR", "attention-service:9190");
        assertThat(two.service("gateway-service").environment()).containsEntry("MOE_GATEWAY_ATTENTIONURIS",
                "http://attention-service:8081,http://attention-service-1:8091");
        assertThat(two.service("placement-service").dependsOn()).containsKeys("attention-service", "attention-service-1");
    }
}
