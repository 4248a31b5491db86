package dev.janus.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers finds a Docker engine (asked once per JVM: the probe takes seconds). */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {
    }

    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            synchronized (Docker.class) {
                known = available;
                if (known == null) {
                    known = probe();
                    available = known;
                }
            }
        }
        return known;
    }

    private static boolean probe() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
