package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code text_completion}: a legacy completion, whole or one streamed chunk.
 *
 * @param usage whole: the counts; streamed: as {@link ChatCompletionChunk#usage()}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionResponse(String id, String object, long created, String model, @Nullable String systemFingerprint,
                          List<Choice> choices,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Optional<Usage> usage) {

    static final String OBJECT = "text_completion";

    /** @param logprobs null unless asked for */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(String text, int index, @Nullable CompletionLogprobs logprobs, @Nullable String finishReason) {
    }
}
