package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code chat.completion.chunk}: one server-sent event of a streamed chat answer.
 *
 * @param usage three states as OpenAI: left out (null) without stream_options.include_usage,
 *              JSON null on every chunk but the last with it ({@code Optional.empty()}), the
 *              counts on the last chunk (which has no choices)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatCompletionChunk(String id, String object, long created, String model, @Nullable String systemFingerprint,
                           List<Choice> choices,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Optional<Usage> usage) {

    static final String OBJECT = "chat.completion.chunk";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, Delta delta, @Nullable ChatLogprobs logprobs, @Nullable String finishReason) {
    }

    /** What a chunk adds; absent fields are left out. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(@Nullable String role, @Nullable String content, @Nullable List<ToolCallDelta> toolCalls) {

        static final Delta EMPTY = new Delta(null, null, null);

        static Delta content(String text) {
            return new Delta(null, text, null);
        }
    }

    /** The first delta of a call has id, type and the name; the next ones pieces of the arguments. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallDelta(int index, @Nullable String id, @Nullable String type, FunctionDelta function) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionDelta(@Nullable String name, String arguments) {
    }
}
