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

    /** The shared fields of a bound request; ranges and types are already checked by {@link RequestBinder}. */
    static GenerationOptions of(GenerationFields f, ServedModel model) {
        if (!f.model().equals(model.id())) {
            throw OpenAiException.modelNotFound(f.model());
        }
        Integer maxTokens = f.maxCompletionTokens() != null ? f.maxCompletionTokens() : f.maxTokens();
        int n = f.n() == null ? 1 : f.n();
        if (f.bestOf() != null && f.bestOf() != n) {
            throw OpenAiException.badRequest("'best_of' must equal 'n' (" + n + "): this server returns every sequence it"
                    + " generates", "best_of");
        }
        boolean stream = Boolean.TRUE.equals(f.stream());
        if (f.streamOptions() != null && !stream) {
            throw OpenAiException.badRequest("'stream_options' is only allowed when 'stream' is true", "stream_options");
        }
        boolean includeUsage = f.streamOptions() != null && Boolean.TRUE.equals(f.streamOptions().includeUsage());
        unsupported("presence_penalty", f.presencePenalty() == null || f.presencePenalty() == 0);
        unsupported("frequency_penalty", f.frequencyPenalty() == null || f.frequencyPenalty() == 0);
        unsupported("repetition_penalty", f.repetitionPenalty() == null || f.repetitionPenalty() == 1);
        unsupported("logit_bias", f.logitBias() == null || f.logitBias().isObject() && f.logitBias().isEmpty());
        unsupported("functions", f.functions() == null || f.functions().isArray() && f.functions().isEmpty());
        SamplingParams sampling = new SamplingParams(f.temperature() == null ? 1f : f.temperature().floatValue(),
                f.topP() == null ? 1f : f.topP().floatValue(), f.topK() == null ? -1 : f.topK(), f.seed(), false, 0);
        return new GenerationOptions(maxTokens, sampling, n, f.stop() == null ? List.of() : f.stop().values(),
                Boolean.TRUE.equals(f.ignoreEos()), stream, includeUsage, ResponseFormat.of(f.responseFormat()));
    }

    /** Refuses a field we do not implement unless it has its neutral value. */
    static void unsupported(String param, boolean neutral) {
        if (!neutral) {
            throw OpenAiException.badRequest("'" + param + "' is not supported by this server", param, "unsupported_parameter");
        }
    }

    int[] stopTokenIds(ServedModel model) {
        return ignoreEos ? new int[0] : model.stopTokenIds();
    }
}
