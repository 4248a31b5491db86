package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Chat logprobs: {@code {content: [{token, logprob, bytes, top_logprobs: [...]}], refusal: null}}. */
record ChatLogprobs(List<Entry> content, @Nullable List<Entry> refusal) {

    /** @param topLogprobs the alternatives; left out inside them */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(String token, float logprob, int[] bytes,
                 @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Entry> topLogprobs) {
    }
}
