package dev.janus.model.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.model.engine.GenerationResult;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.TokenLogprob;

import java.util.List;

/**
 * The {@code generate --json} output:
 * {@code {"prompt_ids", "tokens", "text", "logprobs": [{"token", "logprob", "top": [[id, lp]...]}],
 * "prompt_logprobs": [... one per prompt position after the first], "finish_reason"}}.
 */
final class GenerateJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenerateJson() {
    }

    static String render(GenerationResult r, String text) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode prompt = root.putArray("prompt_ids");
        for (int id : r.promptIds()) {
            prompt.add(id);
        }
        ArrayNode tokens = root.putArray("tokens");
        for (int id : r.tokens()) {
            tokens.add(id);
        }
        root.put("text", text);
        entries(root.putArray("logprobs"), r.logprobs());
        entries(root.putArray("prompt_logprobs"), r.promptLogprobs());
        root.put("finish_reason", r.finishReason());
        return root.toString();
    }

    private static void entries(ArrayNode array, List<Logprobs> list) {
        for (Logprobs lp : list) {
            ObjectNode e = array.addObject();
            e.put("token", lp.chosen().tokenId());
            e.put("logprob", lp.chosen().logprob());
            ArrayNode top = e.putArray("top");
            for (TokenLogprob t : lp.top()) {
                top.addArray().add(t.tokenId()).add(t.logprob());
            }
        }
    }
}
