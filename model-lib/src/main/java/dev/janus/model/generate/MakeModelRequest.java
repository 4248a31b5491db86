package dev.janus.model.generate;

import dev.janus.model.config.Fp8Quantization;
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
 * @param fp8           block-wise FP8 linear weights ({@code --dtype fp8}), null for bf16 everywhere
 */
public record MakeModelRequest(ModelPreset preset, ModelFamily family, long seed, Path outDir,
                               int threads, long maxShardBytes, Fp8Quantization fp8) {

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
        return new MakeModelRequest(preset, family, seed, outDir, threads, bytes, fp8);
    }

    /** The same values with the linear weights quantized to block-wise FP8 ({@code fp8} null: bf16). */
    public MakeModelRequest withFp8(Fp8Quantization blocks) {
        return new MakeModelRequest(preset, family, seed, outDir, threads, maxShardBytes, blocks);
    }

    public ModelDimensions dimensions() {
        return preset.dimensions(family);
    }
}
