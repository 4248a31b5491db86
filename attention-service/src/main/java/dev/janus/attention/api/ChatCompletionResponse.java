package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code chat.completion}: a whole chat answer, as OpenAI's API writes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatCompletionResponse(String id, String object, long created, String model, @Nullable String systemFingerprint,
                              List<Choice> choices, Usage usage) {

    static final String OBJECT = "chat.completion";

    /** @param logprobs null unless asked for */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, Message message, @Nullable ChatLogprobs logprobs, @Nullable String finishReason) {
    }

    /**
     * @param content   null when the answer is only tool calls
     * @param toolCalls left out when there are none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Message(String role, @Nullable String content, @Nullable String refusal,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {

        static Message text(String content) {
            return new Message("assistant", content, null, List.of());
        }
    }

    /** @param arguments the arguments object as JSON text, as the model wrote it */
    record ToolCall(String id, String type, Function function) {
        record Function(String name, String arguments) {
        }

        static ToolCall function(String id, String name, String arguments) {
            return new ToolCall(id, "function", new Function(name, arguments));
        }
    }
}
