package dev.janus.attention.api;

import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.TokenLogprob;
import dev.janus.model.tokenizer.TokenStreamDecoder;
import dev.janus.model.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two logprobs shapes of the OpenAI API: legacy completions and chat. */
final class LogprobsJson {

    /** OpenAI's stand-in for -inf, which JSON cannot carry. */
    private static final float MIN_LOGPROB = -9999f;

    private final Tokenizer tokenizer;

    LogprobsJson(Tokenizer tokenizer) {
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
    CompletionLogprobs completion(int[] echoedPrompt, String echoedText, boolean echoShowsSpecial,
                                  List<Logprobs> promptLogprobs, List<Logprobs> generated, int textOffset) {
        List<String> tokens = new ArrayList<>();
        List<Float> tokenLogprobs = new ArrayList<>();
        List<Map<String, Float>> top = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        TokenStreamDecoder promptText = tokenizer.streamDecoder(!echoShowsSpecial);
        int released = 0;
        for (int i = 0; i < echoedPrompt.length; i++) {
            tokens.add(tokenText(echoedPrompt[i]));
            offsets.add(textOffset + Math.min(released, echoedText.length()));
            released += promptText.next(echoedPrompt[i]).length();
            Logprobs lp = i == 0 || i - 1 >= promptLogprobs.size() ? null : promptLogprobs.get(i - 1);
            tokenLogprobs.add(lp == null ? null : clamp(lp.chosen().logprob()));
            top.add(lp == null ? null : topMap(lp));
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
        return new CompletionLogprobs(tokens, tokenLogprobs, top, offsets);
    }

    /** Chat: {@code {content: [{token, logprob, bytes, top_logprobs: [...]}], refusal: null}}. */
    ChatLogprobs chat(List<Logprobs> generated) {
        List<ChatLogprobs.Entry> content = new ArrayList<>();
        for (Logprobs lp : generated) {
            List<ChatLogprobs.Entry> top = new ArrayList<>();
            for (TokenLogprob t : lp.top()) {
                top.add(entry(t, null));
            }
            content.add(entry(lp.chosen(), top));
        }
        return new ChatLogprobs(content, null);
    }

    private ChatLogprobs.Entry entry(TokenLogprob t, List<ChatLogprobs.Entry> top) {
        byte[] utf8 = tokenUtf8(t.tokenId());
        int[] bytes = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            bytes[i] = utf8[i] & 0xFF;
        }
        return new ChatLogprobs.Entry(tokenText(t.tokenId()), clamp(t.logprob()), bytes, top);
    }

    private Map<String, Float> topMap(Logprobs lp) {
        Map<String, Float> map = new LinkedHashMap<>();
        for (TokenLogprob t : lp.top()) {
            map.put(tokenText(t.tokenId()), clamp(t.logprob()));
        }
        return map;
    }

    private static float clamp(float logprob) {
        return Float.isNaN(logprob) || logprob < MIN_LOGPROB ? MIN_LOGPROB : logprob;
    }
}
