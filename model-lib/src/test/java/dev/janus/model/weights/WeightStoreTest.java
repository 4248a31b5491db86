package dev.janus.model.weights;

import static dev.janus.model.weights.SafetensorsBytes.bf16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Directory layouts: single file, sharded with an index, several files without one. */
class WeightStoreTest {

    @TempDir
    Path dir;

    private static SafetensorsBytes.Entry tensor(String name, float... values) {
        return new SafetensorsBytes.Entry(name, "BF16", new long[] {values.length}, bf16(values));
    }

    @Test
    void shardedCheckpointHasTheSameTensorsAsTheSingleFile() {
        Path fixture = Fixtures.dir("tiny-qwen3moe");
        Map<String, String> weightMap = SafetensorsBytes.shardModel(fixture, dir, 3);
        assertThat(weightMap.values()).containsOnly("model-00001-of-00003.safetensors",
                "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors");
        try (WeightStore single = WeightStore.open(fixture); WeightStore sharded = WeightStore.open(dir)) {
            assertThat(sharded.files()).hasSize(3);
            assertThat(sharded.names()).isEqualTo(single.names());
            for (String name : single.names()) {
                TensorInfo a = single.info(name);
                TensorInfo b = sharded.info(name);
                assertThat(b.shape()).as(name).containsExactly(a.shape());
                assertThat(b.dtype()).as(name).isEqualTo(a.dtype());
                if (a.shape().length == 1) {
                    int n = (int) a.shape()[0];
                    assertThat(sharded.vector(name, n)).as(name).containsExactly(single.vector(name, n));
                } else {
                    int rows = (int) a.shape()[0];
                    int cols = (int) a.shape()[1];
                    MemorySegment x = sharded.matrix(name, rows, cols).segment();
                    MemorySegment y = single.matrix(name, rows, cols).segment();
                    assertThat(x.mismatch(y)).as(name).isEqualTo(-1L);
                }
            }
        }
    }

    @Test
    void indexNamingAMissingShard() {
        SafetensorsBytes.write(dir.resolve("model-00001-of-00002.safetensors"), List.of(tensor("a", 1, 2)));
        SafetensorsBytes.writeIndex(dir, Map.of("a", "model-00001-of-00002.safetensors",
                "b", "model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model-00002-of-00002.safetensors")
                .hasMessageContaining("missing");
    }

    @Test
    void indexNamingATensorItsShardLacks() {
        SafetensorsBytes.write(dir.resolve("model-00001-of-00002.safetensors"), List.of(tensor("a", 1, 2)));
        SafetensorsBytes.write(dir.resolve("model-00002-of-00002.safetensors"), List.of(tensor("b", 3)));
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "model-00001-of-00002.safetensors");
        map.put("b", "model-00001-of-00002.safetensors");
        SafetensorsBytes.writeIndex(dir, map);
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("tensor b")
                .hasMessageContaining("model-00001-of-00002.safetensors");
    }

    @Test
    void indexCannotEscapeTheModelDirectory() throws IOException {
        Path model = Files.createDirectory(dir.resolve("model"));
        SafetensorsBytes.write(dir.resolve("outside.safetensors"), List.of(tensor("a", 1)));
        SafetensorsBytes.writeIndex(model, Map.of("a", "../outside.safetensors"));
        assertThatThrownBy(() -> WeightStore.open(model))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("../outside.safetensors");
    }

    @Test
    void indexWithoutWeightMap() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("weight_map");
    }

    @Test
    void indexThatIsNotJson() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": ");
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model.safetensors.index.json");
    }

    @Test
    void withoutIndexEverySafetensorsFileIsRead() {
        SafetensorsBytes.write(dir.resolve("experts.safetensors"), List.of(tensor("b", 3), tensor("c", 4, 5)));
        SafetensorsBytes.write(dir.resolve("dense.safetensors"), List.of(tensor("a", 1)));
        try (WeightStore store = WeightStore.open(dir)) {
            assertThat(store.names()).containsExactly("a", "b", "c");
            assertThat(store.files()).hasSize(2);
            assertThat(store.vector("c", 2)).containsExactly(4f, 5f);
        }
    }

    @Test
    void sameTensorInTwoFiles() {
        SafetensorsBytes.write(dir.resolve("x.safetensors"), List.of(tensor("a", 1)));
        SafetensorsBytes.write(dir.resolve("y.safetensors"), List.of(tensor("a", 2)));
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("tensor a")
                .hasMessageContaining("x.safetensors")
                .hasMessageContaining("y.safetensors");
    }

    @Test
    void directoryWithoutWeights() {
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void missingTensorAndWrongShapeNameTheTensor() {
        SafetensorsBytes.write(dir.resolve("model.safetensors"), List.of(
                new SafetensorsBytes.Entry("w", "BF16", new long[] {2, 3}, bf16(1, 2, 3, 4, 5, 6))));
        try (WeightStore store = WeightStore.open(dir)) {
            assertThatThrownBy(() -> store.matrix("v", 2, 3))
                    .isInstanceOf(WeightException.class).hasMessageContaining("missing tensor v");
            assertThatThrownBy(() -> store.matrix("w", 3, 2))
                    .isInstanceOf(WeightException.class)
                    .hasMessageContaining("tensor w")
                    .hasMessageContaining("[2, 3]")
                    .hasMessageContaining("[3, 2]");
            assertThatThrownBy(() -> store.vector("w", 6))
                    .isInstanceOf(WeightException.class)
                    .hasMessageContaining("tensor w")
                    .hasMessageContaining("[6]");
        }
    }

    @Test
    void tensorsAreSlicesOfTheMapping() {
        try (WeightStore store = WeightStore.open(Fixtures.dir("tiny-olmoe"))) {
            MemorySegment embed = store.matrix("model.embed_tokens.weight", 576, 96).segment();
            assertThat(store.inFileMapping(embed)).as("a slice of the mapping, not a copy").isTrue();
            assertThat(embed.isNative()).isTrue();
            assertThat(embed.heapBase()).isEmpty();
            assertThat(embed.isReadOnly()).isTrue();
        }
    }

    @Test
    void closingUnmaps() {
        WeightStore store = WeightStore.open(Fixtures.dir("tiny-olmoe"));
        MemorySegment norm = store.matrix("lm_head.weight", 576, 96).segment();
        store.close();
        assertThat(norm.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> norm.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                .isInstanceOf(IllegalStateException.class);
    }
}
