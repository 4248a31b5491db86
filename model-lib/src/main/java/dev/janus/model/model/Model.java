package dev.janus.model.model;

import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.weights.WeightMemory;
import dev.janus.model.weights.WeightStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;

/**
 * An HF model directory opened for inference: parsed config.json and memory-mapped weights.
 * Closing unmaps the weights; nothing may use them afterwards.
 */
public final class Model implements AutoCloseable {

    private final Path directory;
    private final ModelConfig config;
    private final WeightStore store;
    private final ModelWeights weights;

    private Model(Path directory, ModelConfig config, WeightStore store, ModelWeights weights) {
        this.directory = directory;
        this.config = config;
        this.store = store;
        this.weights = weights;
    }

    public static Model load(Path directory) {
        return load(directory, (layer, expert) -> true);
    }

    /** Loads with only the routed experts {@code hosted} accepts (expert-service placement share). */
    public static Model load(Path directory, BiPredicate<Integer, Integer> hosted) {
        return load(directory, hosted, WeightMemory.MAPPED);
    }

    /** @param memory where the weights live: the file mapping, or copies in huge pages */
    public static Model load(Path directory, BiPredicate<Integer, Integer> hosted, WeightMemory memory) {
        Path configJson = directory.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new IllegalArgumentException(directory + " is not a model directory: no config.json");
        }
        ModelConfig config = ConfigParser.read(configJson);
        WeightStore store = WeightStore.open(directory, memory);
        try {
            return new Model(directory, config, store, WeightLoader.load(config, store, hosted));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    public WeightStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
