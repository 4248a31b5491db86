package dev.janus.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonJsonTest {

    @Test
    void reproducesEveryFixtureConfigByteForByte() throws IOException, URISyntaxException {
        ObjectMapper json = new ObjectMapper();
        for (String model : List.of("tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2")) {
            for (String file : List.of("config.json", "generation_config.json")) {
                Path p = Path.of(getClass().getResource("/fixtures/" + model + "/" + file).toURI());
                String text = Files.readString(p);
                Object parsed = json.readValue(text, Object.class);
                assertThat(PythonJson.dumps(parsed) + "\n").as(model + "/" + file).isEqualTo(text);
            }
        }
    }

    @Test
    void floatsLookLikePythonRepr() {
        assertThat(PythonJson.floatRepr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(1e-6)).isEqualTo("1e-06");
        assertThat(PythonJson.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(0.02)).isEqualTo("0.02");
        assertThat(PythonJson.floatRepr(1000000.0)).isEqualTo("1000000.0");
        assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonJson.floatRepr(-2.5)).isEqualTo("-2.5");
        assertThat(PythonJson.floatRepr(0.0)).isEqualTo("0.0");
        assertThat(PythonJson.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void escapesLikeEnsureAscii() {
        assertThat(PythonJson.dumps(Map.of("k", "é\"\n\u0001"))).isEqualTo("{\n  \"k\": \"\\u00e9\\\"\\n\\u0001\"\n}");
        assertThat(PythonJson.dumps(Map.of("e", List.of(), "m", Map.of()))).isEqualTo("{\n  \"e\": [],\n  \"m\": {}\n}");
    }
}
