package dev.janus.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} BPE tokenizer (byte-level BPE as in GPT-2 / Llama-3 /
 * Qwen / GPT-NeoX, and SentencePiece-style BPE with byte fallback as in Llama-2 / Mixtral),
 * reproducing the {@code tokenizers} library: added tokens, normalizer, pre-tokenizer, BPE,
 * post-processor on encode; decoder on decode. Immutable and thread-safe.
 */
public final class Tokenizer {

    private final AddedVocabulary added;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final String[] idToToken; // [max id + 1], null where no token
    private final boolean[] special;  // [max id + 1]
    private final OptionalInt bosTokenId;
    private final int[] eosTokenIds;

    private Tokenizer(JsonNode json, JsonNode config) {
        normalizer = TokenizerJsonReader.normalizer(json.get("normalizer"));
        preTokenizer = TokenizerJsonReader.preTokenizer(json.get("pre_tokenizer"));
        model = TokenizerJsonReader.model(json.get("model"));
        postProcessor = TokenizerJsonReader.postProcessor(json.get("post_processor"));
        decoder = TokenizerJsonReader.decoder(json.get("decoder"));
        added = new AddedVocabulary(TokenizerJsonReader.addedTokens(json.get("added_tokens")), normalizer);
        int size = 0;
        for (int id : model.vocab().values()) {
            size = Math.max(size, id + 1);
        }
        for (AddedVocabulary.AddedToken t : added.tokens()) {
            size = Math.max(size, t.id() + 1);
        }
        idToToken = new String[size];
        special = new boolean[size];
        model.vocab().forEach((token, id) -> idToToken[id] = token);
        for (AddedVocabulary.AddedToken t : added.tokens()) { // HF looks up added tokens first
            idToToken[t.id()] = t.content();
            special[t.id()] = t.special();
        }
        OptionalInt bos = config == null ? OptionalInt.empty() : configTokenId(config.get("bos_token"));
        OptionalInt eos = config == null ? OptionalInt.empty() : configTokenId(config.get("eos_token"));
        bosTokenId = bos;
        eosTokenIds = eos.isPresent() ? new int[] {eos.getAsInt()} : new int[0];
    }

    /** Reads {@code tokenizer.json} and, when present, {@code tokenizer_config.json} from a model directory. */
    public static Tokenizer load(Path modelDir) {
        ObjectMapper mapper = new ObjectMapper();
        Path json = modelDir.resolve("tokenizer.json");
        Path config = modelDir.resolve("tokenizer_config.json");
        try {
            return new Tokenizer(mapper.readTree(json.toFile()),
                    Files.exists(config) ? mapper.readTree(config.toFile()) : null);
        } catch (IOException e) {
            throw new TokenizerException("cannot read tokenizer files in " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** Builds a tokenizer from parsed {@code tokenizer.json} and optional {@code tokenizer_config.json} trees. */
    public static Tokenizer fromJson(JsonNode tokenizerJson, JsonNode tokenizerConfig) {
        return new Tokenizer(tokenizerJson, tokenizerConfig);
    }

    /**
     * Encodes text. Added tokens in the text are always recognized; {@code addSpecialTokens}
     * runs the post-processor (e.g. prepends BOS for Llama-style templates).
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList ids = new IntList(text.length() / 3 + 4);
        for (AddedVocabulary.Segment raw : added.splitRaw(text)) {
            if (raw.id() >= 0) {
                ids.add(raw.id());
                continue;
            }
            String normalized = normalizer == null ? raw.text() : normalizer.normalize(raw.text());
            for (AddedVocabulary.Segment piece : added.splitNormalized(normalized, raw.atStart())) {
                if (piece.id() >= 0) {
                    ids.add(piece.id());
                    continue;
                }
                List<PreTokenizer.Piece> words = List.of(new PreTokenizer.Piece(piece.text(), piece.atStart()));
                if (preTokenizer != null) {
                    words = preTokenizer.apply(words);
                }
                for (PreTokenizer.Piece word : words) {
                    model.tokenize(word.text(), ids);
                }
            }
        }
        int[] result = ids.toArray();
        return addSpecialTokens && postProcessor != null ? postProcessor.process(result) : result;
    }

    /**
     * Decodes ids to text as HF {@code decode} does (no clean-up of tokenization spaces). Ids
     * without a token are skipped; invalid UTF-8 becomes U+FFFD.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = token(id);
            if (t != null && !(skipSpecialTokens && special[id])) {
                tokens.add(t);
            }
        }
        if (decoder == null) {
            return String.join(" ", tokens);
        }
        return String.join("", decoder.decodeChain(tokens));
    }

    /** The token string of an id (byte-level or ▁ form, as in the vocabulary), or null if none. */
    public String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    /**
     * The bytes the token adds to decoded text after the first token (a ByteLevel or
     * {@code <0xNN>} token may be part of a UTF-8 sequence); empty for an id without a token.
     * Special tokens give their text, as {@code decode(ids, false)} does.
     */
    public byte[] tokenBytes(int id) {
        String t = token(id);
        return t == null ? new byte[0] : TokenBytes.of(decoder, t);
    }

    /** The id of a token string (added tokens first, then the BPE vocabulary). */
    public OptionalInt tokenId(String token) {
        for (AddedVocabulary.AddedToken t : added.tokens()) {
            if (t.content().equals(token)) {
                return OptionalInt.of(t.id());
            }
        }
        Integer id = model.vocab().get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Number of id slots: the largest token id plus one (ids without a token decode to nothing). */
    public int vocabSize() {
        return idToToken.length;
    }

    /** The id of tokenizer_config.json {@code bos_token}, if set. */
    public OptionalInt bosTokenId() {
        return bosTokenId;
    }

    /** The id of tokenizer_config.json {@code eos_token} (the engine adds config.json's ids). */
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    /** Whether the id is an added token marked {@code special} (skipped by skipSpecialTokens). */
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    /** A fresh incremental decoder for one generated sequence. */
    public TokenStreamDecoder streamDecoder(boolean skipSpecialTokens) {
        return new TokenStreamDecoder(this, skipSpecialTokens);
    }

    /** tokenizer_config.json tokens are a string or an AddedToken dict {"content": ...}. */
    private OptionalInt configTokenId(JsonNode token) {
        if (token == null || token.isNull()) {
            return OptionalInt.empty();
        }
        String content = token.isObject() ? token.path("content").asText() : token.asText();
        return tokenId(content);
    }

    @Override
    public String toString() {
        return "Tokenizer[vocabSize=" + vocabSize() + ", added=" + added.tokens().size()
                + ", bos=" + bosTokenId + ", eos=" + Arrays.toString(eosTokenIds) + "]";
    }

    Map<String, Integer> vocab() {
        return model.vocab();
    }
}
