package dev.janus.model.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.config.ConfigException;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.SafetensorsBytes;
import dev.janus.model.weights.WeightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@link Model#load}: binding HF tensor names per family, shape checks, sharding, no heap copies. */
class ModelLoadTest {

    @TempDir
    Path dir;

    /** Every matrix of the model (routed experts, shared expert, dense MLPs, attention, embeddings). */
    private static List<WeightTensor> matrices(ModelWeights w) {
        List<WeightTensor> out = new ArrayList<>(List.of(w.embed(), w.lmHead()));
        for (LayerWeights l : w.layers()) {
            AttentionWeights a = l.attention();
            out.addAll(List.of(a.q(), a.k(), a.v(), a.o()));
            List<MlpWeights> mlps = new ArrayList<>();
            if (l.moe() != null) {
                out.add(l.moe().router());
                Stream.of(l.moe().experts()).filter(e -> e != null).forEach(mlps::add);
                if (l.moe().shared() != null) {
                    mlps.add(l.moe().shared());
                    out.add(l.moe().sharedGate());
                }
            } else {
                mlps.add(l.denseMlp());
            }
            mlps.forEach(m -> out.addAll(List.of(m.gate(), m.up(), m.down())));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-olmoe", "tiny-qwen3moe", "tiny-qwen3moe-fp8"})
    void weightsStayInTheMappedFile(String fixture) {
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            List<WeightTensor> all = matrices(model.weights());
            assertThat(all).isNotEmpty();
            for (WeightTensor t : all) {
                MemorySegment s = t.segment();
                assertThat(model.store().inFileMapping(s)).as("%s is in the file mapping", t.name()).isTrue();
                assertThat(s.heapBase()).as("%s is off-heap", t.name()).isEmpty();
            }
        }
    }

    @Test
    void qwen3MoeBindsDenseAndSparseLayers() {
        try (Model model = Model.load(Fixtures.dir("tiny-qwen3moe"))) {
            LayerWeights[] layers = model.weights().layers();
            assertThat(layers).hasSize(4);
            assertThat(layers[1].moe()).isNull();
            assertThat(layers[1].denseMlp().intermediateSize()).isEqualTo(160);
            assertThat(layers[1].denseMlp().gate().name()).isEqualTo("model.layers.1.mlp.gate_proj.weight");
            for (int l : new int[] {0, 2, 3}) {
                MoeWeights moe = layers[l].moe();
                assertThat(layers[l].denseMlp()).isNull();
                assertThat(moe.experts()).hasSize(16).doesNotContainNull();
                assertThat(moe.experts()[7].down().name()).isEqualTo("model.layers." + l + ".mlp.experts.7.down_proj.weight");
                assertThat(moe.router().rows()).isEqualTo(16);
                assertThat(moe.shared()).isNull();
            }
            AttentionWeights a = layers[0].attention();
            assertThat(a.q().rows()).isEqualTo(96);
            assertThat(a.k().rows()).isEqualTo(32);
            assertThat(a.o().cols()).isEqualTo(96);
            assertThat(a.qNorm()).hasSize(16);
            assertThat(a.kNorm()).hasSize(16);
            assertThat(a.qBias()).isNull();
            assertThat(model.weights().lmHead().name()).isEqualTo("lm_head.weight");
        }
    }

    @Test
    void mixtralUsesBlockSparseMoeNames() {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"))) {
            MlpWeights e = model.weights().layers()[3].moe().experts()[5];
            assertThat(e.gate().name()).isEqualTo("model.layers.3.block_sparse_moe.experts.5.w1.weight");
            assertThat(e.up().name()).isEqualTo("model.layers.3.block_sparse_moe.experts.5.w3.weight");
            assertThat(e.down().name()).isEqualTo("model.layers.3.block_sparse_moe.experts.5.w2.weight");
        }
    }

    @Test
    void olmoeNormsCoverTheWholeProjection() {
        try (Model model = Model.load(Fixtures.dir("tiny-olmoe"))) {
            AttentionWeights a = model.weights().layers()[0].attention();
            assertThat(a.qNorm()).hasSize(96);
            assertThat(a.kNorm()).hasSize(48);
        }
    }

    private static final String EXPERT = "model.layers.2.mlp.experts.5.up_proj.weight";

    @Test
    void missingTensorIsNamed() {
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-qwen3moe"), dir,
                all -> all.stream().filter(e -> !e.name().equals(EXPERT)).toList());
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(EXPERT);
    }

    @Test
    void missingExpertIsFineWhenThisProcessDoesNotHostIt() {
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-qwen3moe"), dir,
                all -> all.stream().filter(e -> !e.name().equals(EXPERT)).toList());
        try (Model model = Model.load(dir, (layer, expert) -> !(layer == 2 && expert == 5))) {
            assertThat(model.weights().layers()[2].moe().experts()[5]).isNull();
            assertThat(model.weights().layers()[2].moe().experts()[4]).isNotNull();
            assertThat(model.weights().layers()[3].moe().experts()[5]).isNotNull();
        }
    }

    @Test
    void missingQkNormIsNamed() {
        String qNorm = "model.layers.3.self_attn.q_norm.weight";
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-qwen3moe"), dir,
                all -> all.stream().filter(e -> !e.name().equals(qNorm)).toList());
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(qNorm);
    }

    @Test
    void missingLmHeadWithoutTiedEmbeddings() {
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-olmoe"), dir,
                all -> all.stream().filter(e -> !e.name().equals("lm_head.weight")).toList());
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("lm_head.weight")
                .hasMessageContaining("tie_word_embeddings");
    }

    @Test
    void tiedEmbeddingsReuseEmbedTokens() throws IOException {
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-olmoe"), dir,
                all -> all.stream().filter(e -> !e.name().equals("lm_head.weight")).toList());
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config)
                .replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true"));
        try (Model model = Model.load(dir)) {
            assertThat(model.config().tieWordEmbeddings()).isTrue();
            assertThat(model.weights().lmHead()).isSameAs(model.weights().embed());
        }
    }

    @Test
    void wrongShapeNamesTheTensorAndBothShapes() {
        String qProj = "model.layers.0.self_attn.q_proj.weight";
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-qwen3moe"), dir, all -> all.stream()
                .map(e -> e.name().equals(qProj)
                        ? new SafetensorsBytes.Entry(e.name(), e.dtype(), new long[] {64, 96}, e.data())
                        : e)
                .toList());
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(qProj)
                .hasMessageContaining("[64, 96]")
                .hasMessageContaining("[96, 64]");
    }

    @Test
    void wrongExpertWidthIsNamed() {
        String down = "model.layers.1.mlp.down_proj.weight";
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-qwen3moe"), dir, all -> all.stream()
                .map(e -> e.name().equals(down)
                        ? new SafetensorsBytes.Entry(e.name(), e.dtype(), new long[] {160, 64}, e.data())
                        : e)
                .toList());
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(down)
                .hasMessageContaining("[160, 64]")
                .hasMessageContaining("[64, 160]");
    }

    @Test
    void shardedCheckpointLoadsIdenticalTensors() {
        Path fixture = Fixtures.dir("tiny-qwen3moe");
        SafetensorsBytes.shardModel(fixture, dir, 3);
        assertThat(dir.resolve("model.safetensors")).doesNotExist();
        try (Model single = Model.load(fixture); Model sharded = Model.load(dir)) {
            assertThat(sharded.store().files()).hasSize(3);
            List<WeightTensor> a = matrices(single.weights());
            List<WeightTensor> b = matrices(sharded.weights());
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).name()).isEqualTo(a.get(i).name());
                assertThat(sharded.store().inFileMapping(b.get(i).segment())).isTrue();
                assertThat(b.get(i).segment().mismatch(a.get(i).segment())).as(a.get(i).name()).isEqualTo(-1L);
            }
            LayerWeights[] la = single.weights().layers();
            LayerWeights[] lb = sharded.weights().layers();
            for (int l = 0; l < la.length; l++) {
                assertThat(lb[l].inputNorm()).containsExactly(la[l].inputNorm());
                assertThat(lb[l].postNorm()).containsExactly(la[l].postNorm());
                assertThat(lb[l].attention().qNorm()).containsExactly(la[l].attention().qNorm());
                assertThat(lb[l].attention().kNorm()).containsExactly(la[l].attention().kNorm());
            }
            assertThat(sharded.weights().finalNorm()).containsExactly(single.weights().finalNorm());
        }
    }

    @Test
    void shardedCheckpointWithAMissingShard() throws IOException {
        SafetensorsBytes.shardModel(Fixtures.dir("tiny-olmoe"), dir, 2);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model-00002-of-00002.safetensors");
    }

    @Test
    void shardedCheckpointWithATensorMappedToTheWrongShard() {
        Map<String, String> weightMap = SafetensorsBytes.shardModel(Fixtures.dir("tiny-olmoe"), dir, 2);
        String moved = weightMap.entrySet().stream()
                .filter(e -> e.getValue().equals("model-00002-of-00002.safetensors"))
                .findFirst().orElseThrow().getKey();
        weightMap.put(moved, "model-00001-of-00002.safetensors");
        SafetensorsBytes.writeIndex(dir, weightMap);
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(moved)
                .hasMessageContaining("model-00001-of-00002.safetensors");
    }

    @Test
    void indexWithoutSomeTensorReportsItMissing() {
        Map<String, String> weightMap = SafetensorsBytes.shardModel(Fixtures.dir("tiny-olmoe"), dir, 2);
        weightMap.remove("model.norm.weight");
        SafetensorsBytes.writeIndex(dir, weightMap);
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("model.norm.weight");
    }

    @Test
    void unsupportedConfigFailsBeforeTheWeights() throws IOException {
        SafetensorsBytes.copyModel(Fixtures.dir("tiny-olmoe"), dir, all -> all);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"num_experts\": 10", "\"num_experts\": \"10\""));
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num_experts");
    }

    @Test
    void directoryWithoutConfig() {
        assertThatThrownBy(() -> Model.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.json");
    }
}
