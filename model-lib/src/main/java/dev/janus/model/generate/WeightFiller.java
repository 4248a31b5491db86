package dev.janus.model.generate;

import dev.janus.model.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic tensor contents: each tensor has its own SplitMix64 stream (Steele et al. 2014,
 * written out here rather than {@link java.util.SplittableRandom} so that the bytes can never change
 * with the JDK) seeded from (model seed, tensor name). Tensors are therefore independent of each
 * other and of the order and thread they are written in.
 */
final class WeightFiller {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private WeightFiller() {
    }

    /** Receives a tensor's values in row-major order. */
    @FunctionalInterface
    interface Values {
        void put(float value) throws IOException;
    }

    /** The content of {@code spec} for {@code seed}: element k is {@code center + bound * u_k}. */
    static SafetensorsWriter.Content content(WeightSpec spec, long seed) {
        return sink -> fill(spec, seed, sink::put);
    }

    /** The values of {@code spec} for {@code seed}, in order, into {@code sink}. */
    static void fill(WeightSpec spec, long seed, Values sink) throws IOException {
        long state = streamSeed(seed, spec.name());
        long rows = spec.rows();
        long cols = rows == 0 ? 0 : spec.elementCount() / rows;
        float center = spec.center();
        long bits = 0;
        boolean highHalfLeft = false; // one 64-bit step gives the 32-bit uniforms of two elements
        for (long r = 0; r < rows; r++) {
            float bound = r < spec.fullRows() ? spec.bound() : spec.bound() * WeightSpec.QUIET_ROW_SCALE;
            float scale = bound * 0x1.0p-31f; // a signed 32-bit integer → [-bound, bound)
            for (long c = 0; c < cols; c++) {
                int u;
                if (highHalfLeft) {
                    u = (int) (bits >>> 32);
                } else {
                    state += GOLDEN_GAMMA;
                    bits = mix64(state);
                    u = (int) bits;
                }
                highHalfLeft = !highHalfLeft;
                sink.put(center + u * scale);
            }
        }
    }

    /** FNV-1a over the UTF-8 name, mixed with the model seed. */
    static long streamSeed(long seed, String name) {
        long h = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return mix64(seed ^ mix64(h));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
