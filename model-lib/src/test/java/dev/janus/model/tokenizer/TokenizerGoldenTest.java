package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of the fixtures' golden.json {@code tokenizer.cases} and {@code decode_cases}. */
class TokenizerGoldenTest {

    @TestFactory
    Stream<DynamicTest> encodeCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : Fixtures.MODELS) {
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(model));
            for (JsonNode c : Fixtures.tokenizerGolden(model).get("cases")) {
                String text = c.get("text").asText();
                tests.add(DynamicTest.dynamicTest(model + " " + abbreviate(text), () -> {
                    int[] ids = tokenizer.encode(text, false);
                    assertThat(ids).as("ids").containsExactly(Fixtures.ints(c.get("ids")));
                    List<String> tokens = Arrays.stream(ids).mapToObj(tokenizer::token).toList();
                    List<String> expectedTokens = new ArrayList<>();
                    c.get("tokens").forEach(t -> expectedTokens.add(t.asText()));
                    assertThat(tokens).as("tokens").isEqualTo(expectedTokens);
                    assertThat(tokenizer.encode(text, true)).as("ids_with_special_tokens")
                            .containsExactly(Fixtures.ints(c.get("ids_with_special_tokens")));
                    assertThat(tokenizer.decode(ids, false)).as("decoded").isEqualTo(c.get("decoded").asText());
                    assertThat(tokenizer.decode(ids, true)).as("decoded_skip_special_tokens")
                            .isEqualTo(c.get("decoded_skip_special_tokens").asText());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> decodeCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : Fixtures.MODELS) {
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(model));
            for (JsonNode c : Fixtures.tokenizerGolden(model).get("decode_cases")) {
                tests.add(DynamicTest.dynamicTest(model + " " + c.get("note").asText(), () ->
                        assertThat(tokenizer.decode(Fixtures.ints(c.get("ids")), false))
                                .isEqualTo(c.get("text").asText())));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> streamingDecodeEqualsFullDecode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : Fixtures.MODELS) {
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(model));
            for (JsonNode c : Fixtures.tokenizerGolden(model).get("cases")) {
                int[] ids = Fixtures.ints(c.get("ids_with_special_tokens"));
                tests.add(DynamicTest.dynamicTest(model + " " + abbreviate(c.get("text").asText()), () -> {
                    for (boolean skip : new boolean[] {false, true}) {
                        TokenStreamDecoder stream = tokenizer.streamDecoder(skip);
                        StringBuilder out = new StringBuilder();
                        for (int id : ids) {
                            String piece = stream.next(id);
                            assertThat(piece).doesNotEndWith("\uFFFD");
                            out.append(piece);
                        }
                        out.append(stream.finish());
                        assertThat(out.toString()).isEqualTo(tokenizer.decode(ids, skip));
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static String abbreviate(String text) {
        String s = text.replace("\n", "\\n");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
