package dev.janus.model.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The stop tokens of a model directory, as HF {@code generate} uses them: the union of
 * config.json's {@code eos_token_id}, generation_config.json's {@code eos_token_id} (int or
 * list; real chat models list several, e.g. Qwen3's im_end and endoftext) and the tokenizer's
 * EOS token.
 */
public final class GenerationDefaults {

    private GenerationDefaults() {
    }

    public static int[] stopTokenIds(Path modelDir, int[] configEos, int[] tokenizerEos) {
        IntStream ids = IntStream.concat(Arrays.stream(configEos), Arrays.stream(tokenizerEos));
        Path gen = modelDir.resolve("generation_config.json");
        if (Files.isRegularFile(gen)) {
            try {
                JsonNode eos = new ObjectMapper().readTree(Files.readString(gen)).get("eos_token_id");
                if (eos != null && eos.isIntegralNumber()) {
                    ids = IntStream.concat(ids, IntStream.of(eos.intValue()));
                } else if (eos != null && eos.isArray()) {
                    for (JsonNode e : eos) {
                        if (e.isIntegralNumber()) {
                            ids = IntStream.concat(ids, IntStream.of(e.intValue()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + gen + ": " + e.getMessage(), e);
            }
        }
        return ids.distinct().sorted().toArray();
    }
}
