package dev.janus.model.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a small but real Hugging Face tokenizer ({@code tokenizer.json},
 * {@code tokenizer_config.json} with a chat template, {@code special_tokens_map.json}) for
 * generated test models. BPE merges are learned from an embedded English corpus
 * ({@code /tokenizer/corpus-en.txt}); the output depends only on the style, the seed (which
 * breaks frequency ties) and the merge budget, so the same arguments give byte-identical files.
 *
 * <pre>{@code
 * GeneratedTokenizer t = TokenizerGenerator.write(modelDir, TokenizerStyle.BYTE_LEVEL, 42);
 * // config.json: vocab_size >= t.vocabSize(), bos_token_id = t.bosTokenId(), eos_token_id = t.eosTokenIds()
 * }</pre>
 */
public final class TokenizerGenerator {

    /** Merges learned by default; the corpus supports roughly this many before every word is whole. */
    public static final int DEFAULT_MERGES = 2000;

    static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String SPIECE_UNDERLINE = "\u2581";

    private TokenizerGenerator() {
    }

    /** {@link #write(Path, TokenizerStyle, long, int)} with {@link #DEFAULT_MERGES}. */
    public static GeneratedTokenizer write(Path dir, TokenizerStyle style, long seed) {
        return write(dir, style, seed, DEFAULT_MERGES);
    }

    /**
     * Learns up to {@code maxMerges} merges and writes the three tokenizer files into {@code dir}
     * (created if missing, existing files replaced).
     */
    public static GeneratedTokenizer write(Path dir, TokenizerStyle style, long seed, int maxMerges) {
        String corpus = resource("corpus-en.txt");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String[]> merges;
        List<String> specials;
        if (style == TokenizerStyle.SENTENCEPIECE) {
            specials = List.of("<unk>", "<s>", "</s>");
            specials.forEach(s -> vocab.put(s, vocab.size()));
            for (int b = 0; b < 256; b++) {
                vocab.put(String.format("<0x%02X>", b), vocab.size());
            }
            Map<String, Integer> words = sentencePieceWords(corpus);
            alphabet(words).forEach(c -> vocab.putIfAbsent(c, vocab.size()));
            merges = BpeTrainer.learn(words, maxMerges, seed);
        } else {
            for (int i = 0; i < 256; i++) {
                vocab.put(String.valueOf(ByteLevelAlphabet.toChar(ByteLevelAlphabet.orderedByte(i))), i);
            }
            String regex = style == TokenizerStyle.BYTE_LEVEL ? LLAMA3_REGEX : QWEN_REGEX;
            merges = BpeTrainer.learn(byteLevelWords(corpus, regex), maxMerges, seed);
            specials = style == TokenizerStyle.BYTE_LEVEL
                    ? List.of("<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
                            "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>",
                            "<|reserved_special_token_2|>", "<|start_header_id|>", "<|end_header_id|>",
                            "<|eom_id|>", "<|eot_id|>")
                    : List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
        }
        for (String[] merge : merges) {
            vocab.putIfAbsent(merge[0] + merge[1], vocab.size());
        }
        Map<String, Integer> added = new LinkedHashMap<>();
        for (String s : specials) {
            added.put(s, vocab.containsKey(s) ? vocab.get(s) : vocab.size() + added.size());
        }
        int vocabSize = vocab.size() + (style == TokenizerStyle.SENTENCEPIECE ? 0 : added.size());
        GeneratedTokenizer result = switch (style) {
            case BYTE_LEVEL -> new GeneratedTokenizer(vocabSize, OptionalInt.of(added.get("<|begin_of_text|>")),
                    new int[] {added.get("<|end_of_text|>"), added.get("<|eom_id|>"), added.get("<|eot_id|>")});
            case BYTE_LEVEL_CHATML -> new GeneratedTokenizer(vocabSize, OptionalInt.empty(),
                    new int[] {added.get("<|im_end|>"), added.get("<|endoftext|>")});
            case SENTENCEPIECE -> new GeneratedTokenizer(vocabSize, OptionalInt.of(1), new int[] {2});
        };
        String template = resource(switch (style) {
            case BYTE_LEVEL -> "chat-llama3.jinja";
            case BYTE_LEVEL_CHATML -> "chat-chatml.jinja";
            case SENTENCEPIECE -> "chat-mixtral.jinja";
        });
        try {
            Files.createDirectories(dir);
            new HfTokenizerFiles(style, vocab, merges, added, template).writeTo(dir);
        } catch (IOException e) {
            throw new TokenizerException("cannot write tokenizer files to " + dir, e);
        }
        return result;
    }

    /** Pre-tokens of the corpus mapped through the GPT-2 byte table, with their counts. */
    private static Map<String, Integer> byteLevelWords(String corpus, String regex) {
        Map<String, Integer> words = new LinkedHashMap<>();
        Matcher m = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS).matcher(corpus);
        while (m.find()) {
            words.merge(ByteLevelAlphabet.encode(m.group()), 1, Integer::sum);
        }
        return words;
    }

    /** SentencePiece words: each whitespace-separated word with the ▁ word mark in front. */
    private static Map<String, Integer> sentencePieceWords(String corpus) {
        Map<String, Integer> words = new LinkedHashMap<>();
        for (String w : corpus.split("\\s+")) {
            if (!w.isEmpty()) {
                words.merge(SPIECE_UNDERLINE + w, 1, Integer::sum);
            }
        }
        return words;
    }

    /** The single characters of the words, most frequent first (ties by code point). */
    private static List<String> alphabet(Map<String, Integer> words) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        words.forEach((w, n) -> w.codePoints().forEach(cp -> counts.merge(cp, n, Integer::sum)));
        List<Map.Entry<Integer, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> a.getValue().equals(b.getValue())
                ? Integer.compare(a.getKey(), b.getKey()) : Integer.compare(b.getValue(), a.getValue()));
        return entries.stream().map(e -> Character.toString(e.getKey())).toList();
    }

    private static String resource(String name) {
        try (InputStream in = TokenizerGenerator.class.getResourceAsStream("/tokenizer/" + name)) {
            if (in == null) {
                throw new TokenizerException("missing resource /tokenizer/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerException("cannot read resource /tokenizer/" + name, e);
        }
    }
}
