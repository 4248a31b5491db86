package dev.janus.attention.api;

import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.TokenLogprob;
import dev.janus.model.tokenizer.Tokenizer;
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

    String tokenText(int id) {
        return tokenizer.decode(new int[] {id}, false);
    }

    /**
     * Completions: {@code {tokens, token_logprobs, top_logprobs, text_offset}}; echoed prompt
     * tokens come first, the very first without logprob (null), as in OpenAI's legacy API.
     */
    ObjectNode completion(int[] echoedPrompt, List<Logprobs> promptLogprobs, List<Logprobs> generated, int textOffset) {
        ObjectNode node = json.createObjectNode();
        ArrayNode tokens = node.putArray("tokens");
        ArrayNode tokenLogprobs = node.putArray("token_logprobs");
        ArrayNode top = node.putArray("top_logprobs");
        ArrayNode offsets = node.putArray("text_offset");
        int offset = textOffset;
        for (int i = 0; i < echoedPrompt.length; i++) {
            String text = tokenText(echoedPrompt[i]);
            tokens.add(text);
            offsets.add(offset);
            offset += text.length();
            Logprobs lp = i == 0 || i - 1 >= promptLogprobs.size() ? null : promptLogprobs.get(i - 1);
            if (lp == null) {
                tokenLogprobs.addNull();
                top.addNull();
            } else {
                tokenLogprobs.add(clamp(lp.chosen().logprob()));
                top.add(topMap(lp));
            }
        }
        for (Logprobs lp : generated) {
            String text = tokenText(lp.chosen().tokenId());
            tokens.add(text);
            offsets.add(offset);
            offset += text.length();
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
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
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
