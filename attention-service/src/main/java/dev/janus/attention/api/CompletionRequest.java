package dev.janus.attention.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /v1/completions}, bound and validated by {@link RequestBinder}.
 *
 * @param logprobs  the chosen token's logprob plus this many alternatives (null: none)
 * @param echo      the prompt is returned before the completion (with its logprobs when asked)
 * @param suffix    accepted only empty
 * @param tools     refused: function calling is a chat feature
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CompletionRequest(
        @NotNull String model,
        @Nullable @Min(0) Integer maxTokens,
        @Nullable @Min(0) Integer maxCompletionTokens,
        @Nullable @DecimalMin("0") @DecimalMax("2") Double temperature,
        @Nullable @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double topP,
        @Nullable @Min(-1) Integer topK,
        @Nullable Long seed,
        @Nullable @Min(1) @Max(GenerationOptions.MAX_N) Integer n,
        @Nullable Integer bestOf,
        @Nullable StopParam stop,
        @Nullable Boolean stream,
        @Nullable @Valid StreamOptions streamOptions,
        @Nullable Boolean ignoreEos,
        @Nullable @Valid ResponseFormatParam responseFormat,
        @Nullable Double presencePenalty,
        @Nullable Double frequencyPenalty,
        @Nullable Double repetitionPenalty,
        @Nullable JsonNode logitBias,
        @Nullable JsonNode functions,
        @Nullable String user,
        @NotNull PromptParam prompt,
        @Nullable @Min(0) @Max(20) Integer logprobs,
        @Nullable Boolean echo,
        @Nullable String suffix,
        @Nullable JsonNode tools,
        @Nullable JsonNode toolChoice) implements GenerationFields {
}
