package dev.janus.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.config.ModelFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("config.json", "generation_config.json", "model.safetensors",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");

    @TempDir
    Path tmp;

    private GeneratedModel tiny(ModelFamily family, long seed, String dir) throws IOException {
        return ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, family, seed, tmp.resolve(dir)), null);
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedOtherWeights() throws IOException {
        for (ModelFamily family : List.of(ModelFamily.MIXTRAL, ModelFamily.QWEN2_MOE)) {
            Path a = tiny(family, 7, family + "-a").dir();
            Path b = ModelGenerator.generate(new MakeModelRequest(ModelPreset.TINY, family, 7, tmp.resolve(family + "-b"), 1, 0), null).dir();
            Path c = tiny(family, 8, family + "-c").dir();
            for (String f : FILES) {
                assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(family + " " + f).isEqualTo(-1L);
            }
            assertThat(Files.mismatch(a.resolve("model.safetensors"), c.resolve("model.safetensors"))).isNotEqualTo(-1L);
        }
    }

    @Test
    void mixtralConfigHasExactlyTheFixtureFields() throws IOException, URISyntaxException {
        GeneratedModel m = tiny(ModelFamily.MIXTRAL, 1, "mixtral");
        JsonNode config = JSON.readTree(m.dir().resolve("config.json").toFile());
        JsonNode fixture = JSON.readTree(Path.of(getClass().getResource("/fixtures/tiny-mixtral/config.json").toURI()).toFile());
        assertThat(names(config)).isEqualTo(names(fixture));
        assertThat(config.get("architectures").get(0).asText()).isEqualTo("MixtralForCausalLM");
        assertThat(config.get("model_type").asText()).isEqualTo("mixtral");
        assertThat(config.get("torch_dtype").asText()).isEqualTo("bfloat16");
        assertThat(config.get("bos_token_id").asInt()).isEqualTo(tokenId(m.dir(), "<s>"));
        assertThat(config.get("eos_token_id").asInt()).isEqualTo(tokenId(m.dir(), "</s>"));
        JsonNode gen = JSON.readTree(m.dir().resolve("generation_config.json").toFile());
        assertThat(gen.get("eos_token_id").asInt()).isEqualTo(tokenId(m.dir(), "</s>"));
    }

    @Test
    void qwen2MoeConfigHasTheQwenFields() throws IOException {
        GeneratedModel m = tiny(ModelFamily.QWEN2_MOE, 1, "qwen");
        JsonNode c = JSON.readTree(m.dir().resolve("config.json").toFile());
        assertThat(names(c)).containsAll(List.of("architectures", "model_type", "decoder_sparse_step", "mlp_only_layers",
                "moe_intermediate_size", "shared_expert_intermediate_size", "norm_topk_prob", "num_experts",
                "num_experts_per_tok", "use_sliding_window", "max_window_layers", "rms_norm_eps", "rope_theta"));
        assertThat(c.get("architectures").get(0).asText()).isEqualTo("Qwen2MoeForCausalLM");
        assertThat(c.get("model_type").asText()).isEqualTo("qwen2_moe");
        assertThat(c.get("norm_topk_prob").asBoolean()).isFalse();
        assertThat(c.get("decoder_sparse_step").asInt()).isEqualTo(1);
        assertThat(c.get("mlp_only_layers").size()).isZero();
        assertThat(c.get("bos_token_id").isNull()).isTrue();
        assertThat(c.get("eos_token_id").asInt()).isEqualTo(tokenId(m.dir(), "<|im_end|>"));
        JsonNode gen = JSON.readTree(m.dir().resolve("generation_config.json").toFile());
        assertThat(gen.get("eos_token_id").get(1).asInt()).isEqualTo(tokenId(m.dir(), "<|endoftext|>"));
        ModelConfig parsed = ConfigParser.read(m.dir().resolve("config.json"));
        assertThat(parsed.family()).isEqualTo(ModelFamily.QWEN2_MOE);
        assertThat(parsed.qkvBias()).isTrue();
        assertThat(parsed.sharedExpertIntermediateSize()).isEqualTo(128);
        assertThat(parsed.sparseLayers()).hasSize(4);
    }

    @Test
    void tensorShapesMatchTheConfig() throws IOException {
        for (ModelFamily family : List.of(ModelFamily.MIXTRAL, ModelFamily.QWEN2_MOE)) {
            GeneratedModel m = tiny(family, 3, family.modelType());
            JsonNode c = JSON.readTree(m.dir().resolve("config.json").toFile());
            JsonNode header = GeneratedWeights.header(m.dir().resolve("model.safetensors"));
            List<String> expected = ExpectedTensors.of(c);
            Set<String> actual = new HashSet<>(names(header));
            actual.remove("__metadata__");
            assertThat(actual).as(family.modelType()).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(e -> e.substring(0, e.indexOf(' '))).toList());
            for (String e : expected) {
                String name = e.substring(0, e.indexOf(' '));
                assertThat(name + " " + header.get(name).get("shape")).isEqualTo(e);
                assertThat(header.get(name).get("dtype").asText()).isEqualTo("BF16");
            }
            ModelConfig parsed = ConfigParser.read(m.dir().resolve("config.json"));
            assertThat(parsed.vocabSize()).isGreaterThanOrEqualTo(m.tokenizer().vocabSize());
            assertThat(m.parameterCount() * 2).isEqualTo(m.weightBytes());
        }
    }

    @Test
    void shardedOutputHasAConsistentIndexAndTheSameTensors() throws IOException {
        Path single = tiny(ModelFamily.QWEN2_MOE, 5, "single").dir();
        MakeModelRequest req = MakeModelRequest.of(ModelPreset.TINY, ModelFamily.QWEN2_MOE, 5, tmp.resolve("sharded"))
                .withMaxShardBytes(1 << 20);
        GeneratedModel m = ModelGenerator.generate(req, null);
        JsonNode index = JSON.readTree(m.dir().resolve("model.safetensors.index.json").toFile());
        assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(m.weightBytes());
        Set<String> shardFiles = new HashSet<>();
        JsonNode singleHeader = GeneratedWeights.header(single.resolve("model.safetensors"));
        int tensors = 0;
        for (Iterator<String> it = index.get("weight_map").fieldNames(); it.hasNext(); tensors++) {
            String name = it.next();
            String file = index.get("weight_map").get(name).asText();
            shardFiles.add(file);
            assertThat(file).matches("model-0000\\d-of-0000\\d\\.safetensors");
            assertThat(GeneratedWeights.bytes(m.dir().resolve(file), name))
                    .as(name).isEqualTo(GeneratedWeights.bytes(single.resolve("model.safetensors"), name));
        }
        assertThat(tensors).isEqualTo(names(singleHeader).size() - 1);
        assertThat(shardFiles.size()).isGreaterThan(1);
        assertThat(m.dir().resolve("model.safetensors")).doesNotExist();
        for (String f : shardFiles) {
            assertThat(Files.size(m.dir().resolve(f))).isLessThan((1 << 20) + 64 * 1024); // data ≤ limit, plus header
        }
    }

    @Test
    void weightsAreScaledSensiblyAndRoutingIsDiverse() throws IOException {
        GeneratedModel m = tiny(ModelFamily.MIXTRAL, 11, "stats");
        Path f = m.dir().resolve("model.safetensors");
        float[] w1 = GeneratedWeights.floats(f, "model.layers.0.block_sparse_moe.experts.3.w1.weight"); // [128, 64]
        assertThat(GeneratedWeights.mean(w1)).isBetween(-0.01, 0.01);
        assertThat(GeneratedWeights.std(w1)).isBetween(0.9 / 8, 1.1 / 8); // 1 / sqrt(fan_in = 64)
        for (float v : GeneratedWeights.floats(f, "model.norm.weight")) {
            assertThat(v).isBetween(0.94f, 1.06f); // 1 ± 0.05, then bf16 rounding
        }
        float[] lmHead = GeneratedWeights.floats(f, "lm_head.weight"); // [4096, 64], gain 2
        int tokenRows = m.tokenizer().vocabSize() * 64;
        assertThat(GeneratedWeights.std(java.util.Arrays.copyOfRange(lmHead, 0, tokenRows))).isBetween(1.8 / 8, 2.2 / 8);
        assertThat(GeneratedWeights.std(java.util.Arrays.copyOfRange(lmHead, tokenRows, lmHead.length)))
                .as("rows no token maps to are quiet").isBetween(0.9 * 0.1 / 8, 1.1 * 0.1 / 8);
        int distinct = RoutingProbe.distinctTopTwoSets(f, 64, 8, 300);
        assertThat(distinct).as("distinct top-2 expert sets over 300 embedding rows").isGreaterThanOrEqualTo(15);
    }

    @Test
    void progressIsPrintedAndPresetsHaveTheirSizes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ModelGenerator.generate(MakeModelRequest.of(ModelPreset.TINY, ModelFamily.MIXTRAL, 1, tmp.resolve("p")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("100%").contains("make-model: wrote");
        ModelDimensions medium = ModelPreset.MEDIUM.dimensions(ModelFamily.MIXTRAL);
        assertThat(medium).isEqualTo(new ModelDimensions(32000, 1024, 8, 16, 4, 8, 2, 2816, 0, 4096));
        long mediumParams = HfCheckpointLayout.tensors(ModelFamily.MIXTRAL, medium).stream().mapToLong(WeightSpec::elementCount).sum();
        assertThat(mediumParams).isBetween(630_000_000L, 650_000_000L);
        long small = HfCheckpointLayout.tensors(ModelFamily.QWEN2_MOE, ModelPreset.SMALL.dimensions(ModelFamily.QWEN2_MOE))
                .stream().mapToLong(WeightSpec::elementCount).sum();
        assertThat(small * 2).isLessThan(300_000_000L);
        assertThatThrownBy(() -> ModelPreset.parse("huge")).hasMessageContaining("tiny");
        assertThatThrownBy(() -> ModelGenerator.parseFamily("llama")).hasMessageContaining("qwen2moe");
        assertThat(ModelGenerator.parseFamily("qwen2moe")).isEqualTo(ModelFamily.QWEN2_MOE);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out.stream().sorted().toList();
    }

    private static int tokenId(Path dir, String content) throws IOException {
        for (JsonNode t : JSON.readTree(dir.resolve("tokenizer.json").toFile()).get("added_tokens")) {
            if (t.get("content").asText().equals(content)) {
                return t.get("id").asInt();
            }
        }
        throw new AssertionError("no added token " + content);
    }
}
