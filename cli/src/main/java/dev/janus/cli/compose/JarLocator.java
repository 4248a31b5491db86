package dev.janus.cli.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where the executable jar of a {@code janus/<module>:<version>} image is, to run it as a process. */
@FunctionalInterface
public interface JarLocator {

    Path jar(ComposeService service);

    /**
     * This repository's build output: {@code <module>/target/<artifact>-<version>{-exec,-cli,}.jar}
     * (attention- and gateway-service attach their executable jar as {@code exec}, the cli as {@code cli}).
     */
    static JarLocator repository(Path root) {
        return service -> {
            String module = service.imageName().substring(service.imageName().indexOf('/') + 1);
            Path target = root.resolve(module).resolve("target");
            String artifact = module.equals("cli") ? "janus-cli" : module;
            for (String suffix : List.of("-exec.jar", "-cli.jar", ".jar")) {
                Path jar = target.resolve(artifact + "-" + service.imageTag() + suffix);
                if (Files.isRegularFile(jar)) {
                    return jar;
                }
            }
            throw new ComposeException("no jar for image " + service.image() + " under " + target
                    + " (build it: ./mvnw -pl " + module + " -am package -DskipTests)");
        };
    }

    /** Fixed jars per image name (tests: the jars Maven resolved). */
    static JarLocator of(Map<String, Path> byImageName) {
        return service -> {
            Path jar = byImageName.get(service.imageName());
            if (jar == null || !Files.isRegularFile(jar)) {
                throw new ComposeException("no jar for image " + service.image() + ": " + jar);
            }
            return jar;
        };
    }
}
