package dev.janus.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/**
 * What every request asks: a /v1/completions stream of a prompt of exactly {@code promptTokens}
 * token ids and exactly {@code maxTokens} output tokens (ignore_eos, greedy), so that every
 * request does the same work and A and B get the same prompts.
 *
 * @param model        the model id
 * @param promptTokens prompt length in tokens
 * @param maxTokens    output tokens per request
 */
record Workload(String model, int promptTokens, int maxTokens) {

    // ids well inside any real vocabulary and past the usual special tokens (0..2 in Llama/Mixtral)
    private static final int FIRST_ID = 100;
    private static final int ID_RANGE = 900;

    /** The JSON body of request {@code index}: its prompt depends only on the index. */
    String body(ObjectMapper json, int index) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        var prompt = body.putArray("prompt");
        SplittableRandom random = new SplittableRandom(index);
        for (int i = 0; i < promptTokens; i++) {
            prompt.add(FIRST_ID + random.nextInt(ID_RANGE));
        }
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0);
        body.put("ignore_eos", true);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body.toString();
    }
}
