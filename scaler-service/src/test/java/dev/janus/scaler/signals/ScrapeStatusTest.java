package dev.janus.scaler.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.scaler.support.AdminHttp;
import dev.janus.scaler.support.StubServer;
import dev.janus.scaler.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Without Prometheus: the status shows rates differenced from two scrapes of a stub attention-service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.scaler.admin-keys=" + AdminHttp.KEY, "moe.scaler.auto.evaluate-every=1h"})
@Import(ScrapeStatusTest.Clocks.class)
class ScrapeStatusTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    static final StubServer ATTENTION = new StubServer("text/plain",
            u -> ScrapeSignalsTest.exposition(0, 0, 0, 0, 0, 2));

    @DynamicPropertySource
    static void attention(DynamicPropertyRegistry registry) {
        registry.add("moe.scaler.signals.attention.uris", () -> ATTENTION.uri().toString());
    }

    @AfterAll
    static void stop() {
        ATTENTION.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Test
    void ratesComeFromTheDifferenceOfTwoScrapes() {
        AdminHttp admin = new AdminHttp(port);
        JsonNode first = admin.post("/admin/scaler/apply?dry_run=true").json();
        assertThat(first.path("reason").asString()).contains("no traffic");

        clock.advance(Duration.ofSeconds(10));
        ATTENTION.answer(u -> ScrapeSignalsTest.exposition(50, 50 * 512, 50 * 256, 100, 200, 9));
        admin.post("/admin/scaler/apply?dry_run=true");
        JsonNode signals = admin.get("/admin/scaler/status").json().path("signals");
        assertThat(signals.path("source").asString()).isEqualTo("scrape");
        assertThat(signals.path("requests_per_second").asDouble()).isCloseTo(5.0, within(1e-9));
        assertThat(signals.path("running_sequences").asDouble()).isEqualTo(9.0);
        assertThat(signals.path("tpot_p50_ms").asDouble()).isCloseTo(20.0, within(1e-9));
    }
}
