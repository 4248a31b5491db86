package dev.janus.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;

/** The golden model fixtures on the test classpath. */
public final class Fixtures {

    public static final List<String> MODELS = List.of("tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2");

    private Fixtures() {
    }

    public static Path dir(String model) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + model).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + model + " not on the classpath", e);
        }
    }

    /** golden.json's {@code tokenizer} section. */
    public static JsonNode tokenizerGolden(String model) {
        try {
            return new ObjectMapper().readTree(dir(model).resolve("golden.json").toFile()).get("tokenizer");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read golden.json of " + model, e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
