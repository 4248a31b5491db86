package dev.janus.model.generate;

import dev.janus.model.config.WeightQuantization;
import dev.janus.model.config.ModelFamily;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code make-model} should write.
 *
 * @param preset        model size
 * @param family        {@link ModelFamily#MIXTRAL} or {@link ModelFamily#QWEN2_MOE}
 * @param seed          weights (and tokenizer tie-breaks) are a pure function of it
 * @param outDir        target directory (created; stale model*.safetensors files in it are replaced)
 * @param threads       tensors generated in parallel
 * @param maxShardBytes HF-style shard limit, 0 for one model.safetensors
 * @param quantization  linear weights as block-wise FP8 ({@code --dtype fp8}) or int8 per channel
 *                      ({@code --dtype int8}), null for bf16 everywhere
 */
public record MakeModelRequest(ModelPreset preset, ModelFamily family, long seed, Path outDir,
                               int threads, long maxShardBytes, WeightQuantization quantization) {

    /** bf16 weights. */
    public MakeModelRequest(ModelPreset preset, ModelFamily family, long seed, Path outDir, int threads, long maxShardBytes) {
        this(preset, family, seed, outDir, threads, maxShardBytes, null);
    }

    public MakeModelRequest {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(outDir, "outDir");
        preset.dimensions(family); // rejects unsupported families early
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (maxShardBytes < 0) {
            throw new IllegalArgumentException("maxShardBytes must be >= 0, got " + maxShardBytes);
        }
    }

    /** One file, a small fixed pool: min(8, cores) threads. */
    public static MakeModelRequest of(ModelPreset preset, ModelFamily family, long seed, Path outDir) {
        int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        return new MakeModelRequest(preset, family, seed, outDir, threads, 0);
    }

    public MakeModelRequest withMaxShardBytes(long bytes) {
        return new MakeModelRequest(preset, family, seed, outDir, threads, bytes, quantization);
    }

    /** The same values with the linear weights quantized ({@code quantization} null: bf16). */
    public MakeModelRequest withQuantization(WeightQuantization quantization) {
        return new MakeModelRequest(preset, family, seed, outDir, threads, maxShardBytes, quantization);
    }

    public ModelDimensions dimensions() {
        return preset.dimensions(family);
    }
}
