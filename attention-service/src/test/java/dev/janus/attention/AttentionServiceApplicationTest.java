package dev.janus.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@ApiTest
class AttentionServiceApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpOverHttp() {
        Map<?, ?> health = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health")
                .retrieve().body(Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeHasJvmMetrics() {
        String body = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/prometheus")
                .retrieve().body(String.class);
        assertThat(body).contains("jvm_memory_used_bytes").contains("application=\"attention-service\"");
    }
}
