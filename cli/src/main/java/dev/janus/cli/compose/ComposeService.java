package dev.janus.cli.compose;

import java.util.List;
import java.util.Map;

/**
 * One service of a compose file, interpolated: what {@link LocalLauncher} needs to run it as a process.
 *
 * @param command     the container's command (arguments after the image's entrypoint)
 * @param environment in file order
 * @param ports       published ports ({@code HOST:CONTAINER}); none = reachable only inside the compose network
 * @param dependsOn   service -> condition (service_started, service_healthy, service_completed_successfully)
 * @param healthcheck null when the file gives none
 */
public record ComposeService(String name, String image, List<String> command, Map<String, String> environment,
                             List<String> ports, List<VolumeMount> volumes, Map<String, String> dependsOn,
                             Healthcheck healthcheck) {

    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";
    public static final String COMPLETED = "service_completed_successfully";

    /** The image's repository without its tag: {@code janus/attention-service}. */
    public String imageName() {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    /** The image's tag, {@code latest} when none. */
    public String imageTag() {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    public ComposeService withEnvironment(Map<String, String> env) {
        return new ComposeService(name, image, command, env, ports, volumes, dependsOn, healthcheck);
    }

    public ComposeService withDependsOn(Map<String, String> deps) {
        return new ComposeService(name, image, command, environment, ports, volumes, deps, healthcheck);
    }

    public ComposeService named(String newName) {
        return new ComposeService(newName, image, command, environment, ports, volumes, dependsOn, healthcheck);
    }
}
