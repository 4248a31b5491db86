package dev.janus.model.reference;

import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.WeightStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixtures' bf16 weights rewritten as F32 (lossless, single file) and as F16 (rounded,
 * sharded with an index): the engine must equal the reference reading the very same converted
 * weights, whatever kernel reads them.
 */
class DtypeCrossCheckTest {

    @TempDir
    static Path tmp;

    private static ComputePool pool;

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(2, "reference-dtypes");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe"})
    void f32IsLosslessAndMatches(String fixture) {
        Path bf16 = Fixtures.dir(fixture);
        Path f32 = CheckpointVariants.rewriteWeights(bf16, tmp.resolve(fixture + "-f32"), DType.F32, t -> true, 0, c -> { });
        assertAllTensors(f32, DType.F32);
        List<int[]> prompts = CrossCheck.prompts(31, ReferenceConfig.read(f32.resolve("config.json")).vocab(), 1, 7, 33);
        List<double[][]> expected = CrossCheck.reference(f32, prompts);
        List<double[][]> fromBf16 = CrossCheck.reference(bf16, prompts);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(LogitChecks.maxDifference(expected.get(i), fromBf16.get(i))).as("bf16 -> f32 is exact").isZero();
        }
        CrossCheck.engineMatches(fixture + " f32", f32, prompts, expected, pool);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe"})
    void f16ShardedMatches(String fixture) {
        Path f16 = CheckpointVariants.rewriteWeights(Fixtures.dir(fixture), tmp.resolve(fixture + "-f16"), DType.F16,
                t -> true, 300 << 10, c -> c.put("torch_dtype", "float16"));
        assertThat(f16.resolve("model.safetensors.index.json")).exists();
        assertAllTensors(f16, DType.F16);
        List<int[]> prompts = CrossCheck.prompts(32, ReferenceConfig.read(f16.resolve("config.json")).vocab(), 1, 7, 33);
        CrossCheck.check(fixture + " f16", f16, prompts, pool);
    }

    private static void assertAllTensors(Path dir, DType dtype) {
        try (WeightStore store = WeightStore.open(dir)) {
            assertThat(store.names()).isNotEmpty().allSatisfy(n -> assertThat(store.info(n).dtype()).isEqualTo(dtype));
        }
    }
}
