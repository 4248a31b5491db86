package dev.janus.attention.config;

import dev.janus.model.weights.WeightMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the model comes from (DESIGN.md §6).
 *
 * @param path a Hugging Face model directory (config.json, *.safetensors, tokenizer.json,
 *     tokenizer_config.json); unset means the small generated default model (DESIGN.md §7).
 *     Checked at startup so that a typo fails fast instead of at the first request.
 * @param name the model id clients use ({@code /v1/models}, the {@code model} field); unset
 *     means the directory's name
 * @param weightMemory where the weights live: {@code mapped} (default: the file mapping, page
 *     cache shared) or {@code huge-pages} (copied at start into memory advised for transparent
 *     huge pages; private memory; model-lib {@code WeightMemory})
 */
@ConfigurationProperties("moe.model")
public record ModelProperties(@Nullable Path path, @Nullable String name,
                              @DefaultValue("mapped") WeightMemory weightMemory) {

    public ModelProperties {
        if (path != null && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("moe.model.path must be an existing model directory, got " + path);
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("moe.model.name must not be blank");
        }
    }

    public Optional<Path> configuredPath() {
        return Optional.ofNullable(path);
    }

    /** The served model id for a model loaded from {@code dir}. */
    public String modelId(Path dir) {
        return name != null ? name : dir.toAbsolutePath().normalize().getFileName().toString();
    }
}
