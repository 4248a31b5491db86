package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares encode and decode with HF's Rust {@code tokenizers} (through DJL's JNI binding) on a
 * few hundred varied strings, for every fixture and for generated tokenizers of every style
 * (the SentencePiece / byte-fallback path has no fixture), plus a Metaspace variant of the
 * SentencePiece tokenizer. Skips when the native library cannot load.
 */
class HfReferenceComparisonTest {

    private static final String[] PIECES = {
        "Hello", "world", "the", "The", "café", "naïve", "Zürich", "東京", "日本語", "привет", "🙂", "👍🏽", "مرحبا",
        "e\u0301", "ﬁne", "don't", "I'll", "WE'RE", "x", "1", "12", "123", "1234567", "3.14", "1,000", "٣", "²",
        " ", "  ", "   ", "\t", "\n", "\n\n", " \n ", "\r\n", " ".repeat(30), "\u00a0", "\u3000", "!", "?!", "...",
        "<", ">", "{}", "$", "--", "'", "\"", "<|", "|>", "▁", "<0x41>", "<s>", "</s>", "<unk>", "_", "a_b", "Ġ",
    };

    @TempDir
    static Path tmp;

    static Stream<Arguments> tokenizers() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (String model : Fixtures.MODELS) {
            out.add(Arguments.of(model, Fixtures.dir(model)));
        }
        for (TokenizerStyle style : TokenizerStyle.values()) {
            Path dir = tmp.resolve(style.name());
            TokenizerGenerator.write(dir, style, 11);
            out.add(Arguments.of("generated " + style, dir));
        }
        out.add(Arguments.of("generated SENTENCEPIECE with Metaspace", metaspaceVariant()));
        return out.stream();
    }

    /** The newer Llama / Mistral layout: no normalizer, Metaspace(prepend_scheme first) both ways. */
    private static Path metaspaceVariant() throws Exception {
        Path dir = tmp.resolve("metaspace");
        TokenizerGenerator.write(dir, TokenizerStyle.SENTENCEPIECE, 12);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(dir.resolve("tokenizer.json").toFile());
        json.putNull("normalizer");
        json.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "▁")
                .put("prepend_scheme", "first").put("split", false);
        ObjectNode decoder = json.putObject("decoder").put("type", "Sequence");
        decoder.putArray("decoders").add(mapper.createObjectNode().put("type", "Metaspace").put("replacement", "▁")
                .put("prepend_scheme", "first").put("split", false))
                .add(mapper.createObjectNode().put("type", "ByteFallback"))
                .add(mapper.createObjectNode().put("type", "Fuse"));
        mapper.writeValue(dir.resolve("tokenizer.json").toFile(), json);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void matchesHfTokenizers(String name, Path dir) throws Exception {
        Tokenizer ours = Tokenizer.load(dir);
        Path alone = tmp.resolve("alone-" + name.replace(' ', '_'));
        Files.createDirectories(alone);
        Files.copy(dir.resolve("tokenizer.json"), alone.resolve("tokenizer.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (HuggingFaceTokenizer hf = loadReference(alone.resolve("tokenizer.json"))) {
            List<String> mismatches = new ArrayList<>();
            for (String text : samples(ours, name.hashCode())) {
                for (boolean special : new boolean[] {false, true}) {
                    long[] expected = hf.encode(text, special, false).getIds();
                    int[] actual = ours.encode(text, special);
                    if (!Arrays.equals(Arrays.stream(actual).asLongStream().toArray(), expected)) {
                        mismatches.add("encode(" + special + ") " + show(text) + ": " + Arrays.toString(actual)
                                + " vs HF " + Arrays.toString(expected));
                    }
                    compareDecode(ours, hf, expected, special, mismatches);
                }
            }
            Random random = new Random(name.hashCode());
            for (int i = 0; i < 200; i++) { // random id runs: partial UTF-8, byte fallback, specials
                long[] ids = random.longs(1 + random.nextInt(8), 0, ours.vocabSize()).toArray();
                compareDecode(ours, hf, ids, random.nextBoolean(), mismatches);
            }
            assertThat(mismatches).as(name).hasSizeLessThanOrEqualTo(0);
        }
    }

    private static void compareDecode(Tokenizer ours, HuggingFaceTokenizer hf, long[] ids, boolean skip, List<String> mismatches) {
        String expected = hf.decode(ids, skip);
        String actual = ours.decode(Arrays.stream(ids).mapToInt(l -> (int) l).toArray(), skip);
        if (!actual.equals(expected)) {
            mismatches.add("decode(" + skip + ") " + Arrays.toString(ids) + ": " + show(actual) + " vs HF " + show(expected));
        }
    }

    private static HuggingFaceTokenizer loadReference(Path json) {
        try {
            return HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false", "padding", "false",
                    "addSpecialTokens", "false", "modelMaxLength", "1000000"));
        } catch (Throwable e) { // UnsatisfiedLinkError, EngineException, IOException...
            Assumptions.abort("HF tokenizers native library (DJL) unavailable: " + e);
            return null;
        }
    }

    /** Fixed edge cases plus seeded random concatenations of pieces and the tokenizer's own added tokens. */
    private static List<String> samples(Tokenizer tokenizer, long seed) {
        List<String> pieces = new ArrayList<>(Arrays.asList(PIECES));
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            if (tokenizer.isSpecial(id) || (tokenizer.token(id) != null && tokenizer.token(id).startsWith("<") && id > 250)) {
                pieces.add(tokenizer.token(id));
            }
        }
        List<String> out = new ArrayList<>(List.of("", " ", "  ", "a", " a", "a ", "\n", "Hello world", "  leading",
                "trailing  ", "a  b", "x" + " ".repeat(30) + "y", "tab\there", "line1\nline2\r\nline3"));
        out.addAll(pieces);
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int j = 0; j < n; j++) {
                s.append(pieces.get(random.nextInt(pieces.size())));
                if (random.nextInt(3) == 0) {
                    s.append(' ');
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    private static String show(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }
}
