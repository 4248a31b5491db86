package dev.janus.expert.config;

import dev.janus.model.weights.WeightMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the model comes from (DESIGN.md §6): the same property, with the same meaning, as in
 * attention-service, so one value configures both sides of a split deployment.
 *
 * @param path a Hugging Face model directory; unset means the small generated default model
 *     (DESIGN.md §7). Checked at startup so that a typo fails fast.
 * @param weightMemory where the weights live: {@code mapped} (default: the file mapping, page
 *     cache shared) or {@code huge-pages} (each epoch's hosted experts copied, as it is prepared,
 *     into memory advised for transparent huge pages; private memory; model-lib {@code WeightMemory})
 */
@ConfigurationProperties("moe.model")
public record ModelProperties(@Nullable Path path, @DefaultValue("mapped") WeightMemory weightMemory) {

    public ModelProperties {
        if (path != null && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("moe.model.path must be an existing model directory, got " + path);
        }
    }

    public Optional<Path> configuredPath() {
        return Optional.ofNullable(path);
    }
}
