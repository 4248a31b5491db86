package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token's bytes are what it adds to decoded text: for random id runs (most cutting UTF-8
 * sequences apart), their concatenation decoded leniently is decode() — the fixtures' decoders
 * (ByteLevel) strip nothing from the first token.
 */
class TokenBytesTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2"})
    void concatenatedTokenBytesAreTheDecodedText(String fixture) {
        Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(fixture));
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int[] ids = new int[1 + random.nextInt(12)];
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(tokenizer.vocabSize());
                bytes.writeBytes(tokenizer.tokenBytes(ids[i]));
            }
            assertThat(Utf8.decodeLossy(bytes.toByteArray(), bytes.size()))
                    .as("%s ids %s", fixture, Arrays.toString(ids)).isEqualTo(tokenizer.decode(ids, false));
        }
    }
}
