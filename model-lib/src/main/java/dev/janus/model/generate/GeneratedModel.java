package dev.janus.model.generate;

import dev.janus.model.tokenizer.GeneratedTokenizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link ModelGenerator} wrote.
 *
 * @param dir            the model directory
 * @param files          every file written (configs, tokenizer, weights, index)
 * @param parameterCount elements over all tensors
 * @param weightBytes    bytes of tensor data (the index's total_size)
 * @param tokenizer      ids of the generated tokenizer
 * @param elapsed        wall time
 */
public record GeneratedModel(Path dir, List<Path> files, long parameterCount, long weightBytes,
                             GeneratedTokenizer tokenizer, Duration elapsed) {

    public GeneratedModel {
        files = List.copyOf(files);
    }
}
