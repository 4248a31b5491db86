package dev.janus.expert.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the model comes from (DESIGN.md §6): the same property, with the same meaning, as in
 * attention-service, so one value configures both sides of a split deployment.
 *
 * @param path a Hugging Face model directory; unset means the small generated default model
 *     (DESIGN.md §7). Checked at startup so that a typo fails fast.
 */
@ConfigurationProperties("moe.model")
public record ModelProperties(@Nullable Path path) {

    public ModelProperties {
        if (path != null && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("moe.model.path must be an existing model directory, got " + path);
        }
    }

    public Optional<Path> configuredPath() {
        return Optional.ofNullable(path);
    }
}
