package dev.janus.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WeightMemory#HUGE_PAGES}: the weights copied into huge-page memory give bit-identical
 * logits to the file mapping (bf16, MLA and FP8 blocks); a copy holds the file's bytes at its own
 * address, is made once, and becomes unusable when the store closes, as the mapping does.
 */
class HugePageWeightsTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void logitsAreTheMappedOnesBitForBit(String fixture) {
        assumeTrue(linux(), "huge-page weight memory is Linux only");
        JsonNode prompt = Fixtures.golden(fixture).get("prompts").get(0);
        int[] ids = Fixtures.ints(prompt.get("ids"));
        float[] mapped = logits(fixture, WeightMemory.MAPPED, ids);
        float[] huge = logits(fixture, WeightMemory.HUGE_PAGES, ids);
        assertThat(huge).hasSameSizeAs(mapped);
        for (int i = 0; i < mapped.length; i++) {
            assertThat(Float.floatToRawIntBits(huge[i])).as("%s logit %d", fixture, i).isEqualTo(Float.floatToRawIntBits(mapped[i]));
        }
    }

    @Test
    void theCopiesHoldTheFileBytesOutsideTheMappingAndDieWithTheStore() {
        assumeTrue(linux(), "huge-page weight memory is Linux only");
        WeightStore mapped = WeightStore.open(Fixtures.dir("tiny-mixtral"));
        WeightStore huge = WeightStore.open(Fixtures.dir("tiny-mixtral"), WeightMemory.HUGE_PAGES);
        String name = "model.layers.0.block_sparse_moe.experts.0.w1.weight";
        MemorySegment copy;
        try (mapped; huge) {
            MemorySegment file = mapped.raw(name);
            copy = huge.raw(name);
            assertThat(copy.mismatch(file)).isEqualTo(-1L);
            assertThat(huge.inFileMapping(copy)).as("a copy, outside the mapping").isFalse();
            assertThat(mapped.inFileMapping(file)).isTrue();
            assertThat(copy.address() % 64).as("cache-line aligned").isZero();
            assertThat(huge.raw(name).address()).as("copied once").isEqualTo(copy.address());
            assertThat(huge.copiedBytes()).isEqualTo(copy.byteSize());
            assertThat(mapped.copiedBytes()).isZero();
        }
        assertThatThrownBy(() -> copy.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesParse() {
        assertThat(WeightMemory.parse("huge-pages")).isEqualTo(WeightMemory.HUGE_PAGES);
        assertThat(WeightMemory.parse("HUGE_PAGES")).isEqualTo(WeightMemory.HUGE_PAGES);
        assertThat(WeightMemory.parse(" mapped ")).isEqualTo(WeightMemory.MAPPED);
        assertThatThrownBy(() -> WeightMemory.parse("hugepages")).hasMessageContaining("use mapped or huge-pages");
    }

    private static float[] logits(String fixture, WeightMemory memory, int[] ids) {
        try (Model model = Model.load(Fixtures.dir(fixture), (layer, expert) -> true, memory);
             ComputePool pool = new ComputePool(2, "huge-pages")) {
            InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(pool, 0), pool,
                    EngineOptions.forTokens(4 * ids.length));
            return EngineRuns.prefillLogits(engine, ids);
        }
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }
}
