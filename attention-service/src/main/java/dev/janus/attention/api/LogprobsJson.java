package dev.janus.attention.api;

import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.TokenLogprob;
import dev.janus.model.tokenizer.TokenStreamDecoder;
import dev.janus.model.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The two logprobs shapes of the OpenAI API: legacy completions and chat. */
final class LogprobsJson {

    /** OpenAI's stand-in for -inf, which JSON cannot carry. */
    private static final float MIN_LOGPROB = -9999f;

    private final JsonMapper json;
    private final Tokenizer tokenizer;

    LogprobsJson(JsonMapper json, Tokenizer tokenizer) {
        this.json = json;
        this.tokenizer = tokenizer;
    }

    /**
     * A token as the logprobs show it: its text, or, when its bytes are not complete UTF-8 on
     * their own (a piece of a multi-byte character), {@code bytes:\xNN...} as OpenAI writes such
     * tokens (the chat {@code bytes} arrays carry the real bytes).
     */
    String tokenText(int id) {
        byte[] bytes = tokenizer.tokenBytes(id);
        if (bytes.length > 0 && !isUtf8(bytes)) {
            StringBuilder out = new StringBuilder("bytes:");
            for (byte b : bytes) {
                out.append(String.format("\\x%02x", b & 0xFF));
            }
            return out.toString();
        }
        return tokenizer.decode(new int[] {id}, false);
    }

    /** The token's UTF-8 bytes: its own bytes when they are a fragment, else those of its text. */
    private byte[] tokenUtf8(int id) {
        byte[] bytes = tokenizer.tokenBytes(id);
        return bytes.length > 0 && !isUtf8(bytes) ? bytes
                : tokenizer.decode(new int[] {id}, false).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Completions: {@code {tokens, token_logprobs, top_logprobs, text_offset}}; echoed prompt
     * tokens come first, the very first without logprob (null), as in OpenAI's legacy API.
     * {@code text_offset} is where each token's text starts in the returned text: the tokens are
     * decoded as that text was (special tokens such as BOS take no room, a UTF-8 fragment starts
     * where its character will), from {@code textOffset} for the echoed prompt's text
     * ({@code echoedText}, which shows special tokens when {@code echoShowsSpecial}: a prompt of
     * token ids is echoed as they decode, BOS included; a text prompt as it was sent) and after it
     * for the generated tokens.
     */
    ObjectNode completion(int[] echoedPrompt, String echoedText, boolean echoShowsSpecial, List<Logprobs> promptLogprobs,
                          List<Logprobs> generated, int textOffset) {
        ObjectNode node = json.createObjectNode();
        ArrayNode tokens = node.putArray("tokens");
        ArrayNode tokenLogprobs = node.putArray("token_logprobs");
        ArrayNode top = node.putArray("top_logprobs");
        ArrayNode offsets = node.putArray("text_offset");
        TokenStreamDecoder promptText = tokenizer.streamDecoder(!echoShowsSpecial);
        int released = 0;
        for (int i = 0; i < echoedPrompt.length; i++) {
            tokens.add(tokenText(echoedPrompt[i]));
            offsets.add(textOffset + Math.min(released, echoedText.length()));
            released += promptText.next(echoedPrompt[i]).length();
            Logprobs lp = i == 0 || i - 1 >= promptLogprobs.size() ? null : promptLogprobs.get(i - 1);
            if (lp == null) {
                tokenLogprobs.addNull();
                top.addNull();
            } else {
                tokenLogprobs.add(clamp(lp.chosen().logprob()));
                top.add(topMap(lp));
            }
        }
        int base = textOffset + echoedText.length();
        TokenStreamDecoder generatedText = tokenizer.streamDecoder(true);
        released = 0;
        for (Logprobs lp : generated) {
            tokens.add(tokenText(lp.chosen().tokenId()));
            offsets.add(base + released);
            released += generatedText.next(lp.chosen().tokenId()).length();
            tokenLogprobs.add(clamp(lp.chosen().logprob()));
            top.add(topMap(lp));
        }
        return node;
    }

    /** Chat: {@code {content: [{token, logprob, bytes, top_logprobs: [...]}], refusal: null}}. */
    ObjectNode chat(List<Logprobs> generated) {
        ObjectNode node = json.createObjectNode();
        ArrayNode content = node.putArray("content");
        for (Logprobs lp : generated) {
            ObjectNode entry = tokenEntry(lp.chosen());
            ArrayNode top = entry.putArray("top_logprobs");
            for (TokenLogprob t : lp.top()) {
                top.add(tokenEntry(t));
            }
            content.add(entry);
        }
        node.putNull("refusal");
        return node;
    }

    private ObjectNode tokenEntry(TokenLogprob t) {
        ObjectNode entry = json.createObjectNode();
        String text = tokenText(t.tokenId());
        entry.put("token", text);
        entry.put("logprob", clamp(t.logprob()));
        ArrayNode bytes = entry.putArray("bytes");
        for (byte b : tokenUtf8(t.tokenId())) {
            bytes.add(b & 0xFF);
        }
        return entry;
    }

    private ObjectNode topMap(Logprobs lp) {
        ObjectNode map = json.createObjectNode();
        for (TokenLogprob t : lp.top()) {
            map.put(tokenText(t.tokenId()), clamp(t.logprob()));
        }
        return map;
    }

    private static float clamp(float logprob) {
        return Float.isNaN(logprob) || logprob < MIN_LOGPROB ? MIN_LOGPROB : logprob;
    }
}
