package dev.janus.model.reference;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.weights.WeightStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine vs {@link NaiveReferenceForward} on one model directory: every prompt position, both
 * kernels, every {@link EngineLogits.Mode}.
 */
final class CrossCheck {

    private CrossCheck() {
    }

    /** Reference logits of each prompt ({@code [prompt][position][vocab]}). */
    static List<double[][]> reference(Path dir, List<int[]> prompts) {
        try (WeightStore store = WeightStore.open(dir)) {
            java.util.function.Function<int[], double[][]> ref = isDeepseek(dir)
                    ? new NaiveDeepseekReference(dir, store)::logits
                    : new NaiveReferenceForward(dir, store)::logits;
            List<double[][]> out = new ArrayList<>();
            for (int[] p : prompts) {
                out.add(ref.apply(p));
            }
            return out;
        }
    }

    /** DeepSeek-V2/V3 checkpoints get {@link NaiveDeepseekReference}, the others {@link NaiveReferenceForward}. */
    static boolean isDeepseek(Path dir) {
        try {
            return java.nio.file.Files.readString(dir.resolve("config.json")).contains("\"deepseek_v");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Asserts the engine on {@code dir} equals {@code expected} with both kernels, in every mode. */
    static void engineMatches(String what, Path dir, List<int[]> prompts, List<double[][]> expected, ComputePool pool) {
        try (Model model = Model.load(dir)) {
            for (MatmulKernel kernel : kernels(pool)) {
                for (EngineLogits.Mode mode : EngineLogits.Mode.values()) {
                    float[][][] got = EngineLogits.run(model, kernel, pool, prompts, mode);
                    for (int i = 0; i < prompts.size(); i++) {
                        LogitChecks.assertMatches(what + " " + kernel.getClass().getSimpleName() + " " + mode
                                + " prompt " + i + " (" + prompts.get(i).length + " tokens)", expected.get(i), got[i]);
                    }
                }
            }
        }
    }

    /** Reference computed on {@code dir} itself, then {@link #engineMatches}. */
    static List<double[][]> check(String what, Path dir, List<int[]> prompts, ComputePool pool) {
        List<double[][]> expected = reference(dir, prompts);
        engineMatches(what, dir, prompts, expected, pool);
        return expected;
    }

    static List<MatmulKernel> kernels(ComputePool pool) {
        // minParallelWork 0: split even tiny matmuls across the pool, to exercise it
        return List.of(new ScalarMatmulKernel(), new VectorMatmulKernel(pool, 0));
    }

    /** Deterministic prompts of the given lengths over the whole vocabulary (unused rows included). */
    static List<int[]> prompts(long seed, int vocab, int... lengths) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int n : lengths) {
            out.add(r.ints(n, 0, vocab).toArray());
        }
        return out;
    }

    private static final double DEQUANTIZED_RELATIVE = 1e-4;

    /**
     * A quantized checkpoint read natively against its copy dequantized to float32
     * ({@link CheckpointVariants#dequantized}): logits within 1e-4 relative (max |quantized -
     * dequantized| over a position's logits, over the largest |logit|), with both kernels,
     * prompts alone and in chunked prefill.
     */
    static void matchesDequantized(String what, Path quantizedDir, Path f32Dir, List<int[]> prompts, ComputePool pool) {
        try (Model quantized = Model.load(quantizedDir); Model f32 = Model.load(f32Dir)) {
            assertThat(f32.config().quantization()).isNull();
            for (MatmulKernel kernel : CrossCheck.kernels(pool)) {
                for (EngineLogits.Mode mode : List.of(EngineLogits.Mode.ALONE, EngineLogits.Mode.CHUNKED_PREFILL)) {
                    float[][][] got = EngineLogits.run(quantized, kernel, pool, prompts, mode);
                    float[][][] want = EngineLogits.run(f32, kernel, pool, prompts, mode);
                    for (int i = 0; i < prompts.size(); i++) {
                        for (int pos = 0; pos < want[i].length; pos++) {
                            double maxAbs = 0;
                            double maxDiff = 0;
                            for (int v = 0; v < want[i][pos].length; v++) {
                                maxAbs = Math.max(maxAbs, Math.abs(want[i][pos][v]));
                                double d = Math.abs(got[i][pos][v] - want[i][pos][v]);
                                maxDiff = d <= maxDiff ? maxDiff : d; // NaN counts as the worst
                            }
                            assertThat(maxDiff).as("%s %s %s prompt %d pos %d", what, kernel.getClass().getSimpleName(),
                                    mode, i, pos).isLessThanOrEqualTo(DEQUANTIZED_RELATIVE * maxAbs);
                        }
                    }
                }
            }
        }
    }
}
