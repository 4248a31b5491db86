package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import dev.janus.model.sampling.SamplingParams;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request fields that completions and chat completions share.
 *
 * @param maxTokens    max_tokens / max_completion_tokens, null when unset (endpoint default)
 * @param sampling     temperature, top_p, top_k (extension), seed
 * @param n            choices per prompt
 * @param stop         stop strings, matched on the text across token boundaries, not returned
 * @param ignoreEos    keep generating after EOS (vLLM extension, for benchmarks)
 * @param stream       answer with server-sent events
 * @param includeUsage stream_options.include_usage: a last chunk with usage
 * @param responseFormat json_object / json_schema (constrained decoding), null for text
 */
record GenerationOptions(@Nullable Integer maxTokens, SamplingParams sampling, int n, List<String> stop,
                         boolean ignoreEos, boolean stream, boolean includeUsage,
                         @Nullable ResponseFormat responseFormat) {

    static final int MAX_N = 16;
    static final int MAX_STOP = 16;

    static GenerationOptions parse(JsonFields f, ServedModel model) {
        String requested = f.requiredString("model");
        if (!requested.equals(model.id())) {
            throw OpenAiException.modelNotFound(requested);
        }
        Integer maxTokens = f.integer("max_completion_tokens", 0, Integer.MAX_VALUE)
                .or(() -> f.integer("max_tokens", 0, Integer.MAX_VALUE))
                .map(Long::intValue).orElse(null);
        float temperature = (float) f.number("temperature", 0, 2, 1.0);
        float topP = (float) f.number("top_p", 0, 1, 1.0);
        if (topP <= 0f) {
            throw OpenAiException.badRequest("'top_p' must be in (0, 1]", "top_p");
        }
        int topK = f.integer("top_k", -1, Integer.MAX_VALUE, -1);
        Long seed = f.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).orElse(null);
        int n = f.integer("n", 1, MAX_N, 1);
        f.integer("best_of", n, n); // accepted only when it changes nothing
        List<String> stop = f.stringOrStrings("stop", MAX_STOP);
        boolean stream = f.bool("stream", false);
        boolean includeUsage = false;
        if (f.has("stream_options")) {
            if (!stream) {
                throw OpenAiException.badRequest("'stream_options' is only allowed when 'stream' is true", "stream_options");
            }
            includeUsage = JsonFields.of(f.get("stream_options").orElseThrow(), "stream_options").bool("include_usage", false);
        }
        f.rejectUnsupported("presence_penalty", v -> v.isNumber() && v.doubleValue() == 0);
        f.rejectUnsupported("frequency_penalty", v -> v.isNumber() && v.doubleValue() == 0);
        f.rejectUnsupported("repetition_penalty", v -> v.isNumber() && v.doubleValue() == 1);
        f.rejectUnsupported("logit_bias", v -> v.isObject() && v.isEmpty());
        f.rejectUnsupported("functions", v -> v.isArray() && v.isEmpty());
        f.rejectUnsupported("suffix", v -> v.isString() && v.stringValue().isEmpty());
        f.string("user"); // accepted and ignored, but must be a string
        SamplingParams sampling = new SamplingParams(temperature, topP, topK, seed, false, 0);
        return new GenerationOptions(maxTokens, sampling, n, stop, f.bool("ignore_eos", false), stream, includeUsage,
                ResponseFormat.parse(f));
    }

    int[] stopTokenIds(ServedModel model) {
        return ignoreEos ? new int[0] : model.stopTokenIds();
    }
}
