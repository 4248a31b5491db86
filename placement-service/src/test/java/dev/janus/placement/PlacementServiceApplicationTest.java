package dev.janus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:app;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "moe.placement-service.attention.uris=", "moe.placement-service.experts.uris="})
class PlacementServiceApplicationTest {

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
        assertThat(body).contains("jvm_memory_used_bytes").contains("application=\"placement-service\"");
    }
}
