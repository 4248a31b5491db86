package dev.janus.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis server for tests, found like {@link PostgresServer}: a Testcontainers Redis where a
 * Docker engine runs, else the machine's own on 127.0.0.1:6379, else the test is skipped with
 * the reason.
 */
public record RedisServer(String host, int port) {

    private static GenericContainer<?> container;

    public static synchronized RedisServer get() {
        if (Docker.available()) {
            if (container == null) {
                container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                container.start();
            }
            return new RedisServer(container.getHost(), container.getMappedPort(6379));
        }
        RedisServer local = new RedisServer("127.0.0.1", 6379);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(local.host, local.port), 500);
        } catch (IOException e) {
            Assumptions.abort("no Redis: Docker is not available for Testcontainers and 127.0.0.1:6379 does not answer: "
                    + e.getMessage());
        }
        return local;
    }
}
