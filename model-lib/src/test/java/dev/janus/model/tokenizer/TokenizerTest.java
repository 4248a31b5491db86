package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static ObjectNode fixtureJson(String model) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(Fixtures.dir(model).resolve("tokenizer.json").toFile());
    }

    @Test
    void specialTokenMetadataComesFromTheConfig() {
        Tokenizer qwen = Tokenizer.load(Fixtures.dir("tiny-qwen3moe"));
        assertThat(qwen.bosTokenId()).isEmpty();
        assertThat(qwen.eosTokenIds()).containsExactly(551);
        assertThat(qwen.isSpecial(551)).isTrue();
        assertThat(qwen.isSpecial(554)).as("<think> is added but not special").isFalse();
        assertThat(qwen.vocabSize()).isEqualTo(556);
        Tokenizer olmoe = Tokenizer.load(Fixtures.dir("tiny-olmoe"));
        assertThat(olmoe.bosTokenId()).isEqualTo(OptionalInt.of(543));
        assertThat(olmoe.tokenId("<|padding|>")).isEqualTo(OptionalInt.of(1));
        assertThat(olmoe.token(9999)).isNull();
    }

    @Test
    void unsupportedComponentsAreNamed() throws Exception {
        ObjectNode json = fixtureJson("tiny-mixtral");
        json.putObject("normalizer").put("type", "Precompiled");
        assertThatThrownBy(() -> Tokenizer.fromJson(json, null))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("normalizer type 'Precompiled'");
        ObjectNode wordPiece = fixtureJson("tiny-mixtral");
        ((ObjectNode) wordPiece.get("model")).put("type", "WordPiece");
        assertThatThrownBy(() -> Tokenizer.fromJson(wordPiece, null))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("WordPiece");
        ObjectNode decoder = fixtureJson("tiny-mixtral");
        decoder.putObject("decoder").put("type", "CTC");
        assertThatThrownBy(() -> Tokenizer.fromJson(decoder, null)).hasMessageContaining("decoder type 'CTC'");
    }

    @Test
    void mergesAsArraysEqualMergesAsStrings() throws Exception {
        ObjectNode json = fixtureJson("tiny-qwen3moe");
        var arrays = json.putArray("merges_tmp");
        json.get("model").get("merges").forEach(m -> {
            String[] parts = m.asText().split(" ", 2);
            arrays.addArray().add(parts[0]).add(parts[1]);
        });
        ((ObjectNode) json.get("model")).set("merges", json.remove("merges_tmp"));
        Tokenizer fromArrays = Tokenizer.fromJson(json, null);
        Tokenizer fromStrings = Tokenizer.load(Fixtures.dir("tiny-qwen3moe"));
        String text = "The quick brown fox, 12345 times; naïve café!";
        assertThat(fromArrays.encode(text, false)).containsExactly(fromStrings.encode(text, false));
    }

    @Test
    void streamDecoderHoldsBackIncompleteUtf8() {
        Tokenizer tokenizer = Tokenizer.load(Fixtures.dir("tiny-mixtral"));
        TokenStreamDecoder stream = tokenizer.streamDecoder(false);
        assertThat(stream.next(172)).isEmpty(); // F0 of U+1F642
        assertThat(stream.next(253)).isEmpty();
        assertThat(stream.next(247)).isEmpty();
        assertThat(stream.next(224)).isEqualTo("🙂");
        assertThat(stream.next(172)).isEmpty();
        assertThat(stream.finish()).isEqualTo("\uFFFD");
    }
}
