package dev.janus.model.tools;

/** What {@link ToolCallStreamParser} reads from a model's output, in order. */
public sealed interface ToolCallEvent {

    /** Ordinary text for {@code message.content}. */
    record Content(String text) implements ToolCallEvent {
    }

    /** Call {@code index} (0, 1, ... in output order) names its function; its arguments follow. */
    record CallStarted(int index, String name) implements ToolCallEvent {
    }

    /** The next piece of call {@code index}'s arguments, as the model wrote them (raw JSON text). */
    record Arguments(int index, String text) implements ToolCallEvent {
    }
}
