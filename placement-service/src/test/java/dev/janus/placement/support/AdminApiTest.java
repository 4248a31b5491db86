package dev.janus.placement.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A placement-service on a random port, pointed by the test class's own {@code @DynamicPropertySource}
 * at its {@link StubCluster}; before each test {@link #admin} is its admin API, already answering.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AdminApiTest {

    @LocalServerPort
    protected int port;
    protected AdminHttp admin;

    @BeforeEach
    protected final void adminApiAnswers() {
        admin = AdminHttp.whenReady(port);
    }
}
