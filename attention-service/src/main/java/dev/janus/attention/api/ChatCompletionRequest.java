package dev.janus.attention.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /v1/chat/completions}, bound and validated by {@link RequestBinder}.
 *
 * @param logprobs          the chosen tokens' logprobs
 * @param topLogprobs       alternatives per token (requires logprobs)
 * @param tools             functions the model may call
 * @param toolChoice        none / auto / required / a named function
 * @param parallelToolCalls several calls in one answer (default true)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatCompletionRequest(
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
        @NotNull @Size(min = 1, max = ChatPrompt.MAX_MESSAGES, message = "must hold 1 to {max} messages")
        List<@NotNull @Valid ChatMessageParam> messages,
        @Nullable Boolean logprobs,
        @Nullable @Min(0) @Max(20) Integer topLogprobs,
        @Nullable @Size(max = ToolsRequest.MAX_TOOLS) List<@NotNull @Valid ToolParam> tools,
        @Nullable ToolChoiceParam toolChoice,
        @Nullable Boolean parallelToolCalls) implements GenerationFields {
}
