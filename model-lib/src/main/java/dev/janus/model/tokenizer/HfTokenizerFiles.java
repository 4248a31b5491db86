package dev.janus.model.tokenizer;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON files of a generated tokenizer, in the layout {@code tokenizers} and
 * {@code transformers.save_pretrained} write (field order included).
 */
final class HfTokenizerFiles {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final TokenizerStyle style;
    private final Map<String, Integer> vocab;
    private final List<String[]> merges;
    private final Map<String, Integer> added;
    private final String chatTemplate;

    HfTokenizerFiles(TokenizerStyle style, Map<String, Integer> vocab, List<String[]> merges,
            Map<String, Integer> added, String chatTemplate) {
        this.style = style;
        this.vocab = vocab;
        this.merges = merges;
        this.added = added;
        this.chatTemplate = chatTemplate;
    }

    void writeTo(Path dir) throws IOException {
        // serde_json / json.dumps(indent=2) style: "key": value, two-space indent
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        ObjectMapper mapper = new ObjectMapper();
        mapper.writer(printer).writeValue(dir.resolve("tokenizer.json").toFile(), tokenizerJson());
        mapper.writer(printer).writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig());
        mapper.writer(printer).writeValue(dir.resolve("special_tokens_map.json").toFile(), specialTokensMap());
    }

    private boolean sentencePiece() {
        return style == TokenizerStyle.SENTENCEPIECE;
    }

    private ObjectNode tokenizerJson() {
        ObjectNode root = JSON.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode addedTokens = root.putArray("added_tokens");
        added.forEach((content, id) -> {
            ObjectNode t = addedTokens.addObject();
            t.put("id", id);
            t.put("content", content);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        });
        if (sentencePiece()) {
            // Llama-2 / Mixtral (legacy): Prepend("▁") + Replace(" ", "▁"), no pre-tokenizer
            ObjectNode n = root.putObject("normalizer");
            n.put("type", "Sequence");
            ArrayNode list = n.putArray("normalizers");
            list.addObject().put("type", "Prepend").put("prepend", TokenizerGenerator.SPIECE_UNDERLINE);
            ObjectNode replace = list.addObject().put("type", "Replace");
            replace.putObject("pattern").put("String", " ");
            replace.put("content", TokenizerGenerator.SPIECE_UNDERLINE);
            root.putNull("pre_tokenizer");
            root.set("post_processor", templateProcessing("<s>", 1));
            root.set("decoder", sentencePieceDecoder());
        } else {
            if (style == TokenizerStyle.BYTE_LEVEL_CHATML) {
                root.putObject("normalizer").put("type", "NFC");
            } else {
                root.putNull("normalizer");
            }
            ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
            ArrayNode list = pre.putArray("pretokenizers");
            ObjectNode split = list.addObject().put("type", "Split");
            split.putObject("pattern").put("Regex", style == TokenizerStyle.BYTE_LEVEL
                    ? TokenizerGenerator.LLAMA3_REGEX : TokenizerGenerator.QWEN_REGEX);
            split.put("behavior", "Isolated").put("invert", false);
            list.add(byteLevel(false, style == TokenizerStyle.BYTE_LEVEL, false));
            if (style == TokenizerStyle.BYTE_LEVEL) {
                ObjectNode post = root.putObject("post_processor").put("type", "Sequence");
                post.putArray("processors").add(byteLevel(true, false, true))
                        .add(templateProcessing("<|begin_of_text|>", added.get("<|begin_of_text|>")));
            } else {
                root.set("post_processor", byteLevel(false, false, false));
            }
            root.set("decoder", byteLevel(true, true, true));
        }
        root.set("model", model());
        return root;
    }

    private ObjectNode model() {
        ObjectNode m = JSON.objectNode();
        m.put("type", "BPE");
        m.putNull("dropout");
        if (sentencePiece()) {
            m.put("unk_token", "<unk>");
        } else {
            m.putNull("unk_token");
        }
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", sentencePiece());
        m.put("byte_fallback", sentencePiece());
        m.put("ignore_merges", style == TokenizerStyle.BYTE_LEVEL);
        ObjectNode v = m.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode mergeList = m.putArray("merges");
        for (String[] merge : merges) {
            if (sentencePiece()) {
                mergeList.addArray().add(merge[0]).add(merge[1]); // tokenizers >= 0.20 array form
            } else {
                mergeList.add(merge[0] + " " + merge[1]); // classic "a b" form
            }
        }
        return m;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        return JSON.objectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", trimOffsets).put("use_regex", useRegex);
    }

    private static ObjectNode templateProcessing(String bos, int bosId) {
        ObjectNode p = JSON.objectNode().put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = p.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode entry = p.putObject("special_tokens").putObject(bos).put("id", bos);
        entry.putArray("ids").add(bosId);
        entry.putArray("tokens").add(bos);
        return p;
    }

    private static ObjectNode sentencePieceDecoder() {
        ObjectNode d = JSON.objectNode().put("type", "Sequence");
        ArrayNode list = d.putArray("decoders");
        ObjectNode replace = list.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", TokenizerGenerator.SPIECE_UNDERLINE);
        replace.put("content", " ");
        list.addObject().put("type", "ByteFallback");
        list.addObject().put("type", "Fuse");
        list.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        return d;
    }

    private ObjectNode tokenizerConfig() {
        ObjectNode c = JSON.objectNode();
        if (sentencePiece()) {
            c.put("add_bos_token", true);
            c.put("add_eos_token", false);
        } else if (style == TokenizerStyle.BYTE_LEVEL_CHATML) {
            c.put("add_prefix_space", false);
        }
        ObjectNode decoderMap = c.putObject("added_tokens_decoder");
        added.forEach((content, id) -> decoderMap.putObject(String.valueOf(id)).put("content", content)
                .put("lstrip", false).put("normalized", false).put("rstrip", false)
                .put("single_word", false).put("special", true));
        switch (style) {
            case BYTE_LEVEL -> c.put("bos_token", "<|begin_of_text|>");
            case BYTE_LEVEL_CHATML -> c.putNull("bos_token");
            case SENTENCEPIECE -> c.put("bos_token", "<s>");
        }
        c.put("chat_template", chatTemplate);
        c.put("clean_up_tokenization_spaces", false);
        c.put("eos_token", eosToken());
        if (sentencePiece()) {
            c.put("legacy", true);
        }
        c.put("model_max_length", 131072);
        switch (style) {
            case BYTE_LEVEL -> c.put("tokenizer_class", "PreTrainedTokenizerFast");
            case BYTE_LEVEL_CHATML -> c.put("pad_token", "<|endoftext|>").put("tokenizer_class", "Qwen2Tokenizer")
                    .putNull("unk_token");
            case SENTENCEPIECE -> c.putNull("pad_token").put("tokenizer_class", "LlamaTokenizer")
                    .put("unk_token", "<unk>");
        }
        return c;
    }

    private String eosToken() {
        return switch (style) {
            case BYTE_LEVEL -> "<|eot_id|>";
            case BYTE_LEVEL_CHATML -> "<|im_end|>";
            case SENTENCEPIECE -> "</s>";
        };
    }

    private ObjectNode specialTokensMap() {
        ObjectNode m = JSON.objectNode();
        switch (style) {
            case BYTE_LEVEL -> m.set("bos_token", addedTokenDict("<|begin_of_text|>"));
            case BYTE_LEVEL_CHATML -> m.putArray("additional_special_tokens").add("<|im_start|>").add("<|im_end|>");
            case SENTENCEPIECE -> m.set("bos_token", addedTokenDict("<s>"));
        }
        m.set("eos_token", addedTokenDict(eosToken()));
        if (style == TokenizerStyle.BYTE_LEVEL_CHATML) {
            m.set("pad_token", addedTokenDict("<|endoftext|>"));
        } else if (sentencePiece()) {
            m.set("unk_token", addedTokenDict("<unk>"));
        }
        return m;
    }

    private static ObjectNode addedTokenDict(String content) {
        return JSON.objectNode().put("content", content).put("lstrip", false).put("normalized", false)
                .put("rstrip", false).put("single_word", false);
    }
}
