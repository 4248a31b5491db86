package dev.janus.attention.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * vLLM's {@code POST /tokenize}: a {@code prompt}, or chat {@code messages} (with {@code tools})
 * rendered by the chat template.
 *
 * @param addSpecialTokens    BOS and the like: default true for a prompt, false for messages
 * @param addGenerationPrompt messages only, default true
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record TokenizeRequest(@Nullable String model,
                       @Nullable String prompt,
                       @Nullable @Size(min = 1, max = ChatPrompt.MAX_MESSAGES, message = "must hold 1 to {max} messages")
                       List<@NotNull @Valid ChatMessageParam> messages,
                       @Nullable @Size(max = ToolsRequest.MAX_TOOLS) List<@NotNull @Valid ToolParam> tools,
                       @Nullable Boolean addSpecialTokens,
                       @Nullable Boolean addGenerationPrompt) {

    /** vLLM's {@code POST /detokenize}. */
    record Detokenize(@Nullable String model, @NotNull List<@NotNull Integer> tokens) {
    }
}
