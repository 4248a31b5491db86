package dev.janus.attention.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The request fields both generating endpoints take (their records implement this); null = not set. */
interface GenerationFields {

    @Nullable String model();

    @Nullable Integer maxTokens();

    @Nullable Integer maxCompletionTokens();

    @Nullable Double temperature();

    @Nullable Double topP();

    /** vLLM's extension; -1 = off. */
    @Nullable Integer topK();

    @Nullable Long seed();

    @Nullable Integer n();

    /** Accepted only when it changes nothing (equal to n). */
    @Nullable Integer bestOf();

    @Nullable StopParam stop();

    @Nullable Boolean stream();

    @Nullable StreamOptions streamOptions();

    /** vLLM's extension: keep generating after EOS. */
    @Nullable Boolean ignoreEos();

    @Nullable ResponseFormatParam responseFormat();

    @Nullable Double presencePenalty();

    @Nullable Double frequencyPenalty();

    @Nullable Double repetitionPenalty();

    @Nullable JsonNode logitBias();

    @Nullable JsonNode functions();

    @Nullable String user();

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StreamOptions(@Nullable Boolean includeUsage) {
    }
}
