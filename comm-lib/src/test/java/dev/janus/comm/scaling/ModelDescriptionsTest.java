package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in model descriptions against their model cards and their HF config.json. */
class ModelDescriptionsTest {

    static Path hf(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ModelDescriptionsTest.class.getResource("/scaling/hf/" + name)).toURI());
    }

    @Test
    void builtInsHaveTheParameterCountsOfTheirModelCards() {
        assertThat(ModelDescriptions.builtIn("deepseek-v2-like").totalParams() / 1e9).isCloseTo(236, within(2.0));
        assertThat(ModelDescriptions.builtIn("qwen3-235b-like").totalParams() / 1e9).isCloseTo(235, within(2.0));
        // 671B without the 14B multi-token-prediction module (685B on Hugging Face), which decoding does not run
        assertThat(ModelDescriptions.builtIn("deepseek-v3-like").totalParams() / 1e9).isCloseTo(671, within(2.0));
    }

    @Test
    void derivedBytesOfDeepSeekV2() {
        ModelDescription v2 = ModelDescriptions.builtIn("deepseek-v2-like");
        assertThat(v2.moeLayers()).isEqualTo(59);
        assertThat(v2.expertBytes()).isEqualTo(3.0 * 5120 * 1536 * 2);
        assertThat(v2.kvBytesPerTokenPerLayer()).isEqualTo((512 + 64) * 2); // MLA latent row
        assertThat(v2.attention().flopsPerContextToken()).isEqualTo(2L * 128 * 576 + 2L * 128 * 512);
        ModelDescription qwen = ModelDescriptions.builtIn("qwen3-235b-like");
        assertThat(qwen.kvBytesPerTokenPerLayer()).isEqualTo(2 * 4 * 128 * 2); // K and V of 4 heads
    }

    @Test
    void hfConfigsGiveTheBuiltInDescriptions() throws Exception {
        check("deepseek-v2-config.json", "deepseek-v2-like");
        check("qwen3-235b-config.json", "qwen3-235b-like");
        check("deepseek-v3-config.json", "deepseek-v3-like");
    }

    private static void check(String config, String builtIn) throws Exception {
        ModelDescription fromHf = ModelDescriptions.fromHfConfig(hf(config), 2);
        ModelDescription expected = ModelDescriptions.builtIn(builtIn);
        assertThat(fromHf).usingRecursiveComparison().ignoringFields("name", "source").isEqualTo(expected);
        assertThat(ModelDescriptions.load(hf(config).toString())).isEqualTo(fromHf);
    }

    @Test
    void loadsDescriptionFilesAndRefusesBadOnes(@TempDir Path dir) throws Exception {
        String json = ScalingJson.write(ModelDescriptions.builtIn("qwen3-235b-like"));
        Path file = Files.writeString(dir.resolve("m.json"), json);
        assertThat(ModelDescriptions.load(file.toString())).isEqualTo(ModelDescriptions.builtIn("qwen3-235b-like"));
        Path extra = Files.writeString(dir.resolve("extra.json"), json.replace("\"top_k\"", "\"top_kk\" : 8, \"top_k\""));
        assertThatThrownBy(() -> ModelDescriptions.load(extra.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top_kk");
        Path typo = Files.writeString(dir.resolve("typo.json"), json.replace("\"top_k\"", "\"topk\""));
        assertThatThrownBy(() -> ModelDescriptions.load(typo.toString())).hasMessageContaining("top_k");
        Path bad = Files.writeString(dir.resolve("bad.json"), json.replace("\"top_k\" : 8", "\"top_k\" : 800"));
        assertThatThrownBy(() -> ModelDescriptions.load(bad.toString())).hasMessageContaining("top_k <= experts");
        assertThatThrownBy(() -> ModelDescriptions.builtIn("gpt-5")).hasMessageContaining("deepseek-v2-like");
    }
}
