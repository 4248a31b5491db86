package dev.janus.gateway;

import java.time.Duration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway started by the subclass's {@code @SpringBootTest} on a random port, and a client for it. */
abstract class RunningGatewayTest {

    @LocalServerPort
    int port;

    /** A client of the gateway under test, waiting at most 10 s for each response. */
    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }
}
