package dev.janus.attention.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One of a chat request's {@code messages}. {@code developer} is OpenAI's newer name for
 * {@code system}; {@code tool} messages answer a call named by {@code tool_call_id}.
 *
 * @param content   required except on an assistant turn (which may carry only tool calls)
 * @param toolCalls an assistant turn's calls, as the API returned them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatMessageParam(
        @NotNull @Pattern(regexp = "system|developer|user|assistant|tool",
                message = "must be one of system, developer, user, assistant, tool") String role,
        @Nullable MessageContent content,
        @Nullable List<@Valid ToolCall> toolCalls,
        @Nullable String toolCallId,
        @Nullable String name) {

    /** @param arguments the arguments object as a JSON string */
    record ToolCall(@NotNull String id, @Nullable String type, @NotNull @Valid Function function) {
        record Function(@NotNull String name, @Nullable String arguments) {
        }
    }
}
