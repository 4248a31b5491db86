package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenizerGeneratorTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TokenizerStyle.class)
    void writesHfFilesDeterministically(TokenizerStyle style) throws Exception {
        GeneratedTokenizer first = TokenizerGenerator.write(dir.resolve("a"), style, 7);
        TokenizerGenerator.write(dir.resolve("b"), style, 7);
        for (String file : new String[] {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("a/tokenizer.json").toFile());
        int vocab = json.at("/model/vocab").size();
        int merges = json.at("/model/merges").size();
        assertThat(merges).isGreaterThan(1000);
        int addedAfterVocab = style == TokenizerStyle.SENTENCEPIECE ? 0 : json.get("added_tokens").size();
        assertThat(first.vocabSize()).isEqualTo(vocab + addedAfterVocab);
        JsonNode config = new ObjectMapper().readTree(dir.resolve("a/tokenizer_config.json").toFile());
        assertThat(config.get("chat_template").asText()).contains("messages");
        assertThat(java.util.Arrays.stream(first.eosTokenIds()).boxed().toList()).isNotEmpty().allMatch(id -> id < first.vocabSize());
    }

    @ParameterizedTest
    @EnumSource(TokenizerStyle.class)
    void seedChangesTieBreaksOnly(TokenizerStyle style) throws Exception {
        GeneratedTokenizer a = TokenizerGenerator.write(dir.resolve("a"), style, 1, 500);
        GeneratedTokenizer b = TokenizerGenerator.write(dir.resolve("b"), style, 2, 500);
        assertThat(Files.readString(dir.resolve("a/tokenizer.json")))
                .isNotEqualTo(Files.readString(dir.resolve("b/tokenizer.json")));
        assertThat(a.bosTokenId()).isEqualTo(b.bosTokenId());
    }
}
